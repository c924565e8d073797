using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MemberCard.Abstractions.Cards;
using MemberCard.Grains.Cards;

namespace MemberCard.Grains.Tests;

/// <summary>
/// What the grains store as JSON (state, journal entries, events) holds only what is read back: a computed property
/// written into every state would cost bytes on every write and mean nothing on the read (a card's lots were
/// stored twice, as <c>lots</c> and <c>pointLots</c>, half of a card's state).
/// </summary>
public sealed class StoredJsonTests
{
    public static TheoryData<string> Contexts() =>
        [.. typeof(CardState).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(JsonSerializerContext))).Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(Contexts))]
    public void EveryStoredPropertyIsReadBack(string contextName)
    {
        var context = Context(contextName);
        var written = new List<string>();
        var visited = new HashSet<Type>();
        foreach (var type in RootTypes(context.GetType())) Walk(context, type, visited, written);

        Assert.NotEmpty(visited);
        Assert.Empty(written);
    }

    [Fact]
    public void ACardsLotsAreStoredOnce()
    {
        var lot = new PointLot("lot-1", DateTimeOffset.UnixEpoch, null, 5);
        var state = new CardState("m-1", CardStatuses.Active, 0, 5, "basic", DateTimeOffset.UnixEpoch, Lots: [lot]);

        var json = JsonSerializer.Serialize(state, Context(typeof(GrainJsonContext).FullName!).GetTypeInfo(typeof(CardState))!);
        using var document = JsonDocument.Parse(json);

        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("lots").ValueKind);
        Assert.False(document.RootElement.TryGetProperty("pointLots", out _));
    }

    private static JsonSerializerContext Context(string name)
    {
        var type = typeof(CardState).Assembly.GetType(name, throwOnError: true)!;
        return (JsonSerializerContext)type.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }

    private static IEnumerable<Type> RootTypes(Type context) =>
        context.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!);

    private static void Walk(JsonSerializerContext context, Type type, HashSet<Type> visited, List<string> written)
    {
        if (!visited.Add(type) || context.GetTypeInfo(type) is not { } info) return;
        if (info.ElementType is { } element) Walk(context, element, visited, written);
        if (info.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in info.Properties)
        {
            if (property.Get is not null && property.Set is null && property.AssociatedParameter is null)
                written.Add($"{type.Name}.{property.Name}");
            Walk(context, property.PropertyType, visited, written);
        }
    }
}
