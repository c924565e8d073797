using System.Diagnostics;
using System.Globalization;
using MemberCard.Client;

namespace MemberCard.Cli.Load;

/// <summary>
/// One simulated till: sends one request at a time, as a cashier does, picking the operation by the
/// mix and the card with its <see cref="CardPicker"/>, and records how each measured request went.
/// </summary>
internal sealed class TillClient : IDisposable
{
    private readonly PosApi _api;
    private readonly CardBook _cards;
    private readonly OperationMix _mix;
    private readonly CardPicker _picker;
    private readonly LoadCounters _counters;
    private readonly string _storeId;
    private readonly string _idPrefix;
    private readonly RequestDeadline _deadline;
    private readonly PurchaseHistory _purchases = new();
    private readonly Random _random = new();
    private long _sequence;

    public TillClient(PosApi api, CardBook cards, OperationMix mix, CardPicker picker, LoadCounters counters, string storeId, string idPrefix,
        TimeSpan requestTimeout, int expectedPerOperation)
    {
        _api = api;
        _cards = cards;
        _mix = mix;
        _picker = picker;
        _counters = counters;
        _storeId = storeId;
        _idPrefix = idPrefix;
        // Not tied to the stop signal: a request in flight when the round ends is answered and
        // counted, so the server never sees a cancelled request and the ledger check sees a quiet card.
        _deadline = new RequestDeadline(requestTimeout, CancellationToken.None);
        Recorder = new LatencyRecorder(expectedPerOperation);
    }

    public LatencyRecorder Recorder { get; }

    /// <summary>Runs until <paramref name="stop"/> is cancelled; requests started before <paramref name="measureFrom"/> are warm-up.</summary>
    public async Task RunAsync(long measureFrom, CancellationTokenSource stop)
    {
        var token = stop.Token;
        while (!token.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            var measured = started >= measureFrom;
            if (measured && !_counters.TryTakeRequest())
            {
                stop.Cancel();
                return;
            }
            var (operation, result) = await SendOneAsync();
            var elapsed = Stopwatch.GetTimestamp() - started;
            if (measured)
            {
                Recorder.Record(operation, elapsed, result);
                _counters.Measured.Count(result);
            }
            else
            {
                _counters.Warmup.Count(result);
            }
        }
    }

    public void Dispose() => _deadline.Dispose();

    /// <summary>Sends the next request and returns what it was and how it ended; records nothing.</summary>
    public async Task<(Operation Operation, ApiResult Result)> SendOneAsync()
    {
        var operation = _mix.Pick(_random);
        // A refund needs an earlier purchase of this till; until it has one, the till sells instead.
        if (operation == Operation.Refund && _purchases.Count == 0) operation = Operation.Purchase;
        var result = operation switch
        {
            Operation.Lookup => (await LookupAsync()).Result,
            Operation.TopUp => await TopUpAsync(),
            Operation.Purchase => await PurchaseAsync(),
            Operation.Refund => await RefundAsync(),
            _ => await _api.PingAsync(_deadline),
        };
        return (operation, result);
    }

    private Task<ApiCall<Card>> LookupAsync()
    {
        var cardNo = _cards[NextCard()].CardNo;
        return _api.CallAsync((client, token) => client.Cards.GetAsync(cardNo, token), 200, _deadline);
    }

    private async Task<ApiResult> TopUpAsync()
    {
        var index = NextCard();
        var amount = TillAmounts.TopUp(_random, _cards.AcknowledgedBalance(index));
        var request = new TopUpRequest(amount, _storeId);
        var key = NextId();
        var (result, answer) = await _api.CallAsync(
            (client, token) => client.Cards.TopUpAsync(_cards[index].CardNo, request, key, token), 201, _deadline);
        if (answer is not null) _cards.Acknowledge(index, amount + answer.Bonus);
        else if (result.IsFailure) _cards.MarkUncertain(index);
        return result;
    }

    private async Task<ApiResult> PurchaseAsync()
    {
        var index = NextCard();
        var amount = TillAmounts.Purchase(_random, _cards.AcknowledgedBalance(index));
        var orderNo = NextId();
        // Half of the purchases carry an Idempotency-Key, so both paths of the server are exercised.
        var key = _random.Next(2) == 0 ? NextId() : null;
        var request = new PurchaseRequest(orderNo, _storeId, amount, amount);
        var (result, answer) = await _api.CallAsync(
            (client, token) => client.Cards.PurchaseAsync(_cards[index].CardNo, request, key, token), 201, _deadline);
        if (answer is not null)
        {
            _cards.Acknowledge(index, -answer.BalanceCharged);
            _purchases.Add(new RefundablePurchase(index, orderNo, _storeId, amount), _random);
        }
        else if (result.IsFailure)
        {
            _cards.MarkUncertain(index);
        }
        return result;
    }

    private async Task<ApiResult> RefundAsync()
    {
        var slot = _purchases.PickIndex(_random);
        var purchase = _purchases[slot];
        // Half of the refunds return the whole rest of the order (amount omitted), half a part of it.
        long? amount = purchase.Remaining > 1 && _random.Next(2) == 0 ? _random.NextInt64(1, purchase.Remaining) : null;
        var request = new RefundRequest(purchase.OrderNo, purchase.StoreId, amount);
        var key = NextId();
        var (result, answer) = await _api.CallAsync(
            (client, token) => client.Cards.RefundAsync(_cards[purchase.CardIndex].CardNo, request, key, token), 201, _deadline);
        if (answer is not null)
        {
            _cards.Acknowledge(purchase.CardIndex, answer.BalanceRefunded);
            _purchases.Refunded(slot, answer.Amount);
        }
        else
        {
            // Refused or failed, the order is no longer a safe thing to refund from here.
            if (result.IsFailure) _cards.MarkUncertain(purchase.CardIndex);
            _purchases.Remove(slot);
        }
        return result;
    }

    private int NextCard() => _picker.Next(_random);

    // Unique per run, target, round, till and request: order numbers and idempotency keys never repeat.
    private string NextId() => string.Create(CultureInfo.InvariantCulture, $"{_idPrefix}-{++_sequence}");
}
