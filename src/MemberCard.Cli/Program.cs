using System.CommandLine;
using MemberCard.Cli.Backup;
using MemberCard.Cli.Load;
using MemberCard.Cli.LoginFlood;
using MemberCard.Cli.Seed;

var root = new RootCommand("membercard: operator tool for MemberCard");
root.Subcommands.Add(LoadCommand.Create(args));
root.Subcommands.Add(SeedMembersCommand.Create());
root.Subcommands.Add(LoginFloodCommand.Create());
foreach (var command in BackupCommand.Create()) root.Subcommands.Add(command);

// The load command handles Ctrl-C itself (stop, drain, summarize), so System.CommandLine must not
// cancel it and force an exit after its default two seconds.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await root.Parse(args).InvokeAsync(invocation);
