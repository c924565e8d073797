using Xunit.Abstractions;
using Xunit.Sdk;

namespace MemberCard.Testing;

/// <summary>
/// Discovers <see cref="StorageFactAttribute"/> tests. The test method belongs to the shared base class, but the
/// test class is the concrete provider class, so the skip decision can look at it: a class marked
/// <see cref="RequiresPostgresAttribute"/> gets the same skip rule as <c>[PostgresFact]</c>.
/// </summary>
public sealed class StorageFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private static readonly string RequiresPostgres = typeof(RequiresPostgresAttribute).AssemblyQualifiedName!;

    /// <inheritdoc />
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var skipReason = testMethod.TestClass.Class.GetCustomAttributes(RequiresPostgres).Any() ? TestPostgres.SkipReason : null;
        return skipReason is null
            ? base.CreateTestCase(discoveryOptions, testMethod, factAttribute)
            : new SkippedTestCase(skipReason, DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}
