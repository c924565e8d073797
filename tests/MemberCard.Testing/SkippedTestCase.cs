using Xunit.Abstractions;
using Xunit.Sdk;

namespace MemberCard.Testing;

/// <summary>A test case skipped for a reason decided at discovery instead of written on its attribute.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _skipReason = "";

    /// <summary>For the deserializer only.</summary>
    [Obsolete("Called by the deserializer; use the other constructor.", error: true)]
    public SkippedTestCase()
    {
    }

    /// <summary>Creates a test case that reports <paramref name="skipReason"/> instead of running.</summary>
    public SkippedTestCase(
        string skipReason, IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
        _skipReason = skipReason;
    }

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue(nameof(SkipReason), _skipReason);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        _skipReason = data.GetValue<string>(nameof(SkipReason));
        base.Deserialize(data);
    }

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute) => _skipReason;
}
