using MemberCard.Abstractions.Access;
using MemberCard.Server.Staff;

namespace MemberCard.Server.Api.Auth;

/// <summary>Where <see cref="StaffStampCache"/> reads an account's current stamp.</summary>
internal interface IStaffStampReader
{
    Task<StaffStamp?> ReadAsync(string username);
}

/// <summary>Reads the stamp from the staff directory grain (a read-only call that interleaves with everything).</summary>
internal sealed class GrainStaffStampReader(IGrainFactory grains) : IStaffStampReader
{
    public Task<StaffStamp?> ReadAsync(string username) => grains.GetGrain<IStaffDirectoryGrain>(StaffEndpoints.DirectoryKey).GetStampAsync(username);
}
