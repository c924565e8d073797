namespace MemberCard.Storage.Orleans.Tests.Cluster;

[Alias("tests.ISiloNameGrain")]
public interface ISiloNameGrain : IGrainWithStringKey
{
    [Alias("Where")]
    Task<string> WhereAsync();
}

/// <summary>Answers the address of the silo it is active on.</summary>
[GrainType("tests.silo-name")]
public sealed class SiloNameGrain(ILocalSiloDetails silo) : Grain, ISiloNameGrain
{
    public Task<string> WhereAsync() => Task.FromResult(silo.SiloAddress.ToString());
}
