using System.Globalization;
using System.Text.Json;

namespace MemberCard.Grains.Notifications;

/// <summary>
/// A message to a member, rendered from a template. <paramref name="Sealed"/> is a message for one phone sealed under
/// the member's data key (<see cref="Members.PhoneMessage"/>); <paramref name="Text"/> then only says what it is.
/// </summary>
public sealed record Notification(string Id, string MemberId, string Template, string Text, string? Sealed = null);

/// <summary>
/// The message templates: top-up, purchase, refund, low balance, birthday gift, recall, and the phone-change code and
/// warning to the old number and the sign-in code (sealed). Money is shown in yuan
/// from integer fen (no floating point).
/// </summary>
public static class NotificationTemplates
{
    /// <summary>Template names.</summary>
    public const string TopUp = "top_up", Purchase = "purchase", Refund = "refund", LowBalance = "low_balance", Birthday = "birthday", Recall = "recall",
        PhoneCode = "phone_code", PhoneChanged = "phone_changed", SignInCode = "sign_in_code";

    /// <summary>The event kinds that bring messages.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "card.top_up", "card.purchase", "card.refund", "engagement.birthday_gift", "engagement.recall", "member.phone_code", "member.phone_changed",
        "member.sign_in_code",
    };

    /// <summary>The messages an event causes (none for most kinds); <paramref name="eventId"/> makes their ids.</summary>
    public static IReadOnlyList<Notification> Render(string kind, string json, string memberId, string eventId, long lowBalanceThreshold)
    {
        switch (kind)
        {
            case "card.top_up":
            {
                var t = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.LedgerFigures)!;
                return [new($"{eventId}:{TopUp}", memberId, TopUp,
                    $"Card {Tail(t.CardNo)} topped up {Yuan(t.Amount)}" + (t.Bonus > 0 ? $" (+{Yuan(t.Bonus)} bonus)" : "") + $". Balance {Yuan(t.Balance)}.")];
            }
            case "card.purchase":
            {
                var t = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.LedgerFigures)!;
                var messages = new List<Notification>
                {
                    new($"{eventId}:{Purchase}", memberId, Purchase,
                        $"Card {Tail(t.CardNo)} paid {Yuan(t.Amount)} at store {t.StoreId}; {Yuan(t.BalanceCharged)} from balance, {t.PointsRedeemed} points used, {t.PointsEarned} earned. Balance {Yuan(t.Balance)}."),
                };
                if (t.BalanceCharged > 0 && t.Balance < lowBalanceThreshold)
                    messages.Add(new($"{eventId}:{LowBalance}", memberId, LowBalance, $"Card {Tail(t.CardNo)} balance is low: {Yuan(t.Balance)}."));
                return messages;
            }
            case "card.refund":
            {
                var t = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.LedgerFigures)!;
                return [new($"{eventId}:{Refund}", memberId, Refund,
                    $"Card {Tail(t.CardNo)} refunded {Yuan(t.Amount)} for order {t.OrderNo}. Balance {Yuan(t.Balance)}.")];
            }
            case "engagement.birthday_gift":
            {
                var g = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.BirthdayGiftGranted)!;
                return [new($"{eventId}:{Birthday}", memberId, Birthday, $"Happy birthday! {g.Points} points are our gift for {g.Year}.")];
            }
            case "engagement.recall":
            {
                var r = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.RecallDue)!;
                return [new($"{eventId}:{Recall}", memberId, Recall, $"We miss you: it has been {r.InactiveDays} days. Come back and see what's new.")];
            }
            case "member.phone_code":
            {
                var c = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.PhoneCodeSent)!;
                return [new($"{eventId}:{PhoneCode}", memberId, PhoneCode, "One-time code for a phone change, to the new phone (sealed).", c.Message)];
            }
            case "member.sign_in_code":
            {
                var c = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.PhoneCodeSent)!;
                return [new($"{eventId}:{SignInCode}", memberId, SignInCode, "One-time sign-in code, to the member's phone (sealed).", c.Message)];
            }
            case "member.phone_changed":
            {
                var c = JsonSerializer.Deserialize(json, NotificationJsonContext.Default.PhoneChanged)!;
                return c.Message is null ? []
                    : [new($"{eventId}:{PhoneChanged}", memberId, PhoneChanged, "The phone was changed; this tells the old number (sealed).", c.Message)];
            }
            default:
                return [];
        }
    }

    /// <summary>Fen as yuan with two decimals, e.g. 12345 → ¥123.45.</summary>
    public static string Yuan(long fen) =>
        (fen < 0 ? "-" : "") + "¥" + (Math.Abs(fen) / 100).ToString(CultureInfo.InvariantCulture) + "." + (Math.Abs(fen) % 100).ToString("D2", CultureInfo.InvariantCulture);

    private static string Tail(string cardNo) => cardNo.Length > 4 ? "*" + cardNo[^4..] : cardNo;
}
