using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace MemberCard.Api.Tests.Contract;

/// <summary>A request or response that breaks the server's OpenAPI document.</summary>
public sealed class OpenApiContractException(string message) : Exception(message);

/// <summary>
/// Puts <see cref="ContractCheckMiddleware"/> outside everything else in the application under test, so every
/// exchange of every API test is checked against the server's own document (<see cref="OpenApiContract"/>).
/// </summary>
public sealed class ContractCheck : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ContractCheckMiddleware>();
        next(app);
    };
}

/// <summary>
/// Copies what the application reads of the request and writes of the response (passing both through unchanged),
/// then checks the exchange; a violation is thrown, so the test's request fails with it.
/// </summary>
internal sealed class ContractCheckMiddleware(RequestDelegate next)
{
    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static OpenApiContract? _contract;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        var contract = await ContractAsync(context.RequestServices);
        var request = context.Request;
        var response = context.Response;
        var requestBody = new CopyingStream(request.Body);
        var responseBody = new CopyingStream(response.Body);
        request.Body = requestBody;
        response.Body = responseBody;
        try
        {
            await next(context);
        }
        finally
        {
            request.Body = requestBody.Inner;
            response.Body = responseBody.Inner;
        }

        var exchange = new Exchange(request.Method, request.Path.Value ?? "/",
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            request.ContentType, requestBody.Copy, response.StatusCode,
            response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            response.ContentType, responseBody.Copy);
        var problems = contract.Check(exchange);
        if (problems.Count > 0) throw new OpenApiContractException("The API broke its OpenAPI document: " + string.Join(" | ", problems));
    }

    // One document per test process: every application under test serves the same one.
    private static async Task<OpenApiContract> ContractAsync(IServiceProvider services)
    {
        if (_contract is { } ready) return ready;
        await Loading.WaitAsync();
        try
        {
            if (_contract is null)
            {
                var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
                _contract = new OpenApiContract(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1));
            }
            return _contract;
        }
        finally
        {
            Loading.Release();
        }
    }
}

/// <summary>Passes reads and writes through to <see cref="Inner"/> and keeps a copy of the first megabytes.</summary>
internal sealed class CopyingStream(Stream inner) : Stream
{
    private const int MaxCopy = 8 * 1024 * 1024;
    private readonly MemoryStream _copy = new();

    public Stream Inner { get; } = inner;

    public byte[] Copy => _copy.ToArray();

    public override bool CanRead => Inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => Inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, Inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken);
        return Keep(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Inner.Write(buffer, offset, count);
        Keep(buffer.AsSpan(offset, count));
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Inner.WriteAsync(buffer, cancellationToken);
        Keep(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => Inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private int Keep(ReadOnlySpan<byte> data)
    {
        if (_copy.Length < MaxCopy) _copy.Write(data[..(int)Math.Min(data.Length, MaxCopy - _copy.Length)]);
        return data.Length;
    }
}
