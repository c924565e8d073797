namespace MemberCard.Abstractions;

/// <summary>
/// What makes a money-moving request safe to retry: the caller's idempotency key (scoped to the credential
/// that sent it) and a fingerprint of the request, so a replay can be told from a reused key.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.RequestIdentity")]
public sealed record RequestIdentity([property: Id(0)] string? IdempotencyScope, [property: Id(1)] string? IdempotencyKey, [property: Id(2)] string Fingerprint);
