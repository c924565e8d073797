using MemberCard.Server.Api;
using MemberCard.Server.AdminConsole;
using MemberCard.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServerDefaults();
builder.AddMemberCardSilo();
builder.AddMemberCardApi();

var app = builder.Build();

app.UseMemberCardApi();
app.MapMemberCardApi();
app.MapMemberCardConsole();

app.Run();

/// <summary>Entry point; public so API tests can host it with WebApplicationFactory.</summary>
public partial class Program;
