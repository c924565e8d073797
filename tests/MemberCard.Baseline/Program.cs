using MemberCard.Baseline;
using MemberCard.Baseline.Endpoints;
using Microsoft.AspNetCore.Http.Json;

// The direct-SQL baseline of the benchmarks: the POS operations as one PostgreSQL transaction each, no actors.
var builder = WebApplication.CreateBuilder(args);
var options = BaselineOptions.Read(builder.Configuration);
var dataSource = options.BuildDataSource();
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(dataSource);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.AddMissingExtensions);
builder.Services.AddExceptionHandler<Problems>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJson.Default));

var app = builder.Build();
await Schema.CreateAsync(dataSource);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<ApiKeyFilter>();
app.MapGet("/health", HealthEndpoint.Check);
var api = app.MapGroup("/api/v1");
api.MapStoreEndpoints();
api.MapMemberEndpoints();
api.MapCardEndpoints();

app.Run();
