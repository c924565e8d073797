using System.Diagnostics;

namespace MemberCard.Cli.Load;

/// <summary>
/// One status line rewritten in place on a terminal; when the output is redirected to a file or a
/// pipe, carriage returns would make a mess, so it writes a plain line every few seconds instead.
/// </summary>
internal sealed class ProgressLine
{
    private static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(5);

    private readonly bool _redirected = Console.IsOutputRedirected;
    private long _lastWritten;
    private int _shownLength;

    public static TimeSpan Interval => TimeSpan.FromSeconds(1);

    public void Show(string text)
    {
        if (_redirected)
        {
            if (_lastWritten != 0 && Stopwatch.GetElapsedTime(_lastWritten) < RedirectedInterval - TimeSpan.FromMilliseconds(100)) return;
            Console.WriteLine(text);
            _lastWritten = Stopwatch.GetTimestamp();
            return;
        }
        // Padding wipes what is left of a longer previous line.
        Console.Write("\r" + text.PadRight(_shownLength));
        _shownLength = text.Length;
    }

    /// <summary>Writes the last state for good and moves on to a new line.</summary>
    public void End(string text)
    {
        if (_redirected) Console.WriteLine(text);
        else Console.WriteLine("\r" + text.PadRight(_shownLength));
        _shownLength = 0;
    }
}
