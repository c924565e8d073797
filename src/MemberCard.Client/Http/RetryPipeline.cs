using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace MemberCard.Client;

/// <summary>The client's one resilience strategy: retries by <see cref="RetryRules"/>, honouring Retry-After.</summary>
internal static class RetryPipeline
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, MemberCardClientOptions options)
    {
        if (options.MaxRetryAttempts == 0) return;
        var onRetry = options.OnRetry;
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            // Read here rather than by the strategy, so that an over-long Retry-After ends the retries (RetryRules).
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => new ValueTask<bool>(RetryRules.ShouldRetry(args.Outcome, args.Context, options.MaxRetryAfter)),
            DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter.Of(args.Outcome.Result)),
            OnRetry = args =>
            {
                onRetry?.Invoke(new MemberCardRetry(
                    args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception, args.RetryDelay));
                return default;
            },
        });
    }

    public static ResiliencePipeline<HttpResponseMessage> Build(MemberCardClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(builder, options);
        return builder.Build();
    }
}
