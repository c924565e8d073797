using MemberCard.Server.Api;
using MemberCard.Server.AdminConsole;
using MemberCard.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServerDefaults();
builder.AddMemberCardSilo();
builder.AddMemberCardApi();

var app = builder.Build();
if (await MigrationMode.RunIfAskedAsync(app)) return;

app.UseMemberCardApi();
app.MapMemberCardApi();
app.MapMemberCardConsole();

// Read before the run: RunAsync disposes the host (and its services) before an exception leaves it.
var lifetime = app.Lifetime;
try
{
    await app.RunAsync();
}
catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
{
    // Stopped (SIGTERM, Ctrl+C) before the start finished: a requested stop, not a failure; exit code 0.
}

/// <summary>Entry point; public so API tests can host it with WebApplicationFactory.</summary>
public partial class Program;
