namespace MemberCard.Runtime.Storage;

/// <summary>What became of one write of a group: the new version, or the exception a lone write would have thrown.</summary>
public readonly record struct WriteOutcome(long Version, Exception? Error)
{
    /// <summary>The write committed at <paramref name="version"/>.</summary>
    public static WriteOutcome Committed(long version) => new(version, null);

    /// <summary>The write did not commit.</summary>
    public static WriteOutcome Failed(Exception error) => new(0, error);

    /// <summary>Runs a lone write and captures its outcome instead of throwing (also when it throws synchronously).</summary>
    public static async Task<WriteOutcome> OfAsync(Func<Task<long>> write)
    {
        try
        {
            return Committed(await write().ConfigureAwait(false));
        }
        catch (Exception e)
        {
            return Failed(e);
        }
    }
}
