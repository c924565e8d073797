using System.Text.Json;
using MemberCard.Client;

namespace MemberCard.Cli.Load;

/// <summary>
/// One target's POS client, and how each call ended as the run counts it: the answer and its status, a refusal's status and
/// code, or what went wrong on the way. <paramref name="http"/> is a plain client over the same connections, for the
/// server's no-op <c>GET /health/live</c>, which is not part of the POS API.
/// </summary>
internal sealed class PosApi(MemberCardClient client, HttpClient http, LoadTarget target)
{
    /// <summary>The no-op endpoint of our server, relative to the target's base URL.</summary>
    public const string PingPath = "health/live";

    public LoadTarget Target => target;

    /// <summary><c>GET /health/live</c>: its status (any status, body read and dropped), or what went wrong on the way.</summary>
    public async Task<ApiResult> PingAsync(RequestDeadline deadline)
    {
        var token = deadline.Start();
        try
        {
            using var response = await http.GetAsync(PingPath, HttpCompletionOption.ResponseContentRead, token);
            return new ApiResult((int)response.StatusCode, "");
        }
        catch (OperationCanceledException) when (deadline.TimedOut)
        {
            return ApiResult.TimedOut;
        }
        catch (HttpRequestException e)
        {
            return ApiResult.Transport(e.HttpRequestError);
        }
        catch (IOException)
        {
            return ApiResult.Transport(HttpRequestError.ResponseEnded);
        }
        finally
        {
            deadline.Finish();
        }
    }

    public async Task<ApiCall<T>> CallAsync<T>(Func<MemberCardClient, CancellationToken, Task<T>> call, int successStatus, RequestDeadline deadline)
        where T : class
    {
        var token = deadline.Start();
        var status = WireStatus.Begin();
        try
        {
            var answer = await call(client, token);
            return new ApiCall<T>(new ApiResult(status.Value == 0 ? successStatus : status.Value, ""), answer);
        }
        catch (MemberCardApiException refusal)
        {
            return new ApiCall<T>(new ApiResult(refusal.Status, refusal.CodeText), null);
        }
        catch (OperationCanceledException) when (deadline.TimedOut)
        {
            return new ApiCall<T>(ApiResult.TimedOut, null);
        }
        catch (HttpRequestException e)
        {
            return new ApiCall<T>(ApiResult.Transport(e.HttpRequestError), null);
        }
        catch (IOException)
        {
            return new ApiCall<T>(ApiResult.Transport(HttpRequestError.ResponseEnded), null);
        }
        catch (JsonException)
        {
            // A 2xx whose body is not the contract's answer: nothing is known of its effect.
            return new ApiCall<T>(ApiResult.Transport(HttpRequestError.InvalidResponse), null);
        }
        finally
        {
            deadline.Finish();
        }
    }
}

/// <summary>How a call ended, and its answer when it succeeded.</summary>
internal readonly record struct ApiCall<T>(ApiResult Result, T? Answer) where T : class;
