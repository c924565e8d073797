namespace MemberCard.Abstractions;

/// <summary>
/// What makes a money-moving request safe to retry: the caller's idempotency key (scoped to the credential
/// that sent it) and a fingerprint of the request, so a replay can be told from a reused key.
/// </summary>
public sealed record RequestIdentity(string? IdempotencyScope, string? IdempotencyKey, string Fingerprint);
