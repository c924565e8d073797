Console.WriteLine("membercard: operator tool (load test). See docs/benchmarks.md.");
