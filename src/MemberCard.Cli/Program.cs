using System.CommandLine;
using MemberCard.Cli.Load;

var root = new RootCommand("membercard: operator tool for MemberCard");
root.Subcommands.Add(LoadCommand.Create(args));

// The load command handles Ctrl-C itself (stop, drain, summarize), so System.CommandLine must not
// cancel it and force an exit after its default two seconds.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await root.Parse(args).InvokeAsync(invocation);
