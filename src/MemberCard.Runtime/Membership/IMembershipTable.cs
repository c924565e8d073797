namespace MemberCard.Runtime.Membership;

/// <summary>
/// The membership table of one cluster. Every row change also moves the table's version from
/// <c>expectedVersion</c> to <c>expectedVersion + 1</c> in the same transaction; a writer that read an
/// older version loses and must re-read (Orleans' protocol). Only IAmAlive skips the version.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates what the table needs (the version row); safe to call from every silo.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads every row and the version, as one consistent snapshot.</summary>
    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts a new row; false when the version moved or the silo is already there.</summary>
    Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Replaces a row read with <see cref="MembershipEntry.ETag"/>; false when the row or version moved.</summary>
    Task<bool> UpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Records that the silo is alive now; no version change.</summary>
    Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default);
}
