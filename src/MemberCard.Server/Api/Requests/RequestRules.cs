using MemberCard.Grains.Members;
using MemberCard.Server.Api.Errors;

namespace MemberCard.Server.Api.Requests;

/// <summary>Collects field errors of one request; <see cref="ThrowIfAny"/> turns them into a 400.</summary>
public sealed class RequestRules
{
    private readonly Dictionary<string, List<string>> _errors = [];

    /// <summary>Adds an error to a field.</summary>
    public RequestRules Fail(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>A required value within [min, max].</summary>
    public long Range(string field, long? value, long min, long max)
    {
        if (value is null) Fail(field, $"{field} is required.");
        else if (value < min || value > max) Fail(field, $"{field} must be between {min} and {max}.");
        return value ?? 0;
    }

    /// <summary>A required string of printable characters, trimmed, within a length.</summary>
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

    /// <summary>A phone: 6–20 digits, optionally after '+'; spaces and dashes dropped. Empty when invalid.</summary>
    public string Phone(string field, string? value)
    {
        var phone = Identifiers.NormalizePhone(value);
        if (phone is null) Fail(field, $"{field} must be 6–20 digits, optionally starting with '+'.");
        return phone ?? "";
    }

    /// <summary>A resident ID number (GB 11643-1999: length, birth date, check character), trimmed, upper-cased. Empty when invalid.</summary>
    public string IdNumber(string field, string? value)
    {
        var (number, problem) = ResidentIdNumber.Validate(field, value, DateOnly.FromDateTime(DateTime.UtcNow));
        if (problem is not null) Fail(field, problem);
        return number ?? "";
    }

    /// <summary>Throws a validation failure when any field failed.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw new RequestValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
