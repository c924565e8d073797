namespace MemberCard.Baseline.Endpoints;

/// <summary>Collects the field errors of one request; <see cref="ThrowIfAny"/> turns them into one 400.</summary>
public sealed class FieldRules
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public void Fail(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    /// <summary>A required value within [min, max].</summary>
    public long Range(string field, long? value, long min, long max)
    {
        if (value is null) Fail(field, $"{field} is required.");
        else if (value < min || value > max) Fail(field, $"{field} must be between {min} and {max}.");
        return value ?? 0;
    }

    /// <summary>A string of printable characters, trimmed, within a length.</summary>
    public string Text(string field, string? value, int maxLength, bool required = true)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required) Fail(field, $"{field} is required.");
            return "";
        }
        if (trimmed.Length > maxLength) Fail(field, $"{field} may be at most {maxLength} characters.");
        if (trimmed.Any(char.IsControl)) Fail(field, $"{field} may not contain control characters.");
        return trimmed;
    }

    /// <summary>A store id: 1–32 letters, digits, '-' or '_'.</summary>
    public string StoreId(string field, string? value, bool required = true)
    {
        var id = Text(field, value, 32, required);
        if (id.Length > 0 && !Identifiers.IsStoreId(id)) Fail(field, $"{field} may contain only letters, digits, '-' and '_'.");
        return id;
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
            throw new ApiError(ApiError.ValidationFailed, "One or more fields are not valid.", _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
