using Xunit.Sdk;

namespace MemberCard.Testing;

/// <summary>
/// A fact of the shared storage contract. It is written once on an abstract base class and discovered again in
/// each provider's concrete class; unlike <see cref="FactAttribute.Skip"/>, which is fixed on the method, its
/// discoverer decides per concrete class whether the test can run there (see <see cref="StorageFactDiscoverer"/>).
/// </summary>
[XunitTestCaseDiscoverer("MemberCard.Testing.StorageFactDiscoverer", "MemberCard.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StorageFactAttribute : FactAttribute;
