namespace MemberCard.Runtime.Tests;

public sealed record EchoReply(string Text, int Length, IReadOnlyList<string> Tags);

public interface IEchoGrain : IGrainWithStringKey
{
    Task<EchoReply> EchoAsync(string text, IReadOnlyList<string> tags);

    Task FailAsync(string message);

    Task RejectAsync(string argument);
}

/// <summary>Returns what it gets, or throws, so tests can see values and errors cross the wire.</summary>
[GrainType("echo")]
public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<EchoReply> EchoAsync(string text, IReadOnlyList<string> tags) => Task.FromResult(new EchoReply(text, text.Length, tags));

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public Task RejectAsync(string argument) => throw new ArgumentException("bad value", argument);
}
