// The POS flow through a client kiota generated from /openapi/v1.json (GeneratedClientTests compiles and runs this).
using MemberCard.GeneratedClient;
using MemberCard.GeneratedClient.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

using var http = new HttpClient();
http.DefaultRequestHeaders.Add("X-Api-Key", args[1]);
var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = args[0].TrimEnd('/') };
var v1 = new MemberCardApiClient(adapter).Api.V1;

var store = await v1.Stores.PostAsync(new CreateStoreRequest { StoreId = "S001", Name = "Xujiahui" });
Expect(store?.StoreId == "S001", "store");
var member = await v1.Members.PostAsync(new RegisterMemberRequest { Phone = "13812345678", Name = "Li Lei", StoreId = "S001" });
Expect(member?.MemberId is { Length: 32 }, "member");
var found = await v1.Members.Lookup.PostAsync(new LookupMemberRequest { Phone = "13812345678" });
Expect(found?.MemberId == member!.MemberId, "lookup");
var card = await v1.Members[member.MemberId!].Cards.PostAsync(new IssueCardRequest());
Expect(card?.Status == CardResponse_status.Active, "card");
var cards = v1.Cards[card!.CardNo!];

var topUp = await cards.TopUps.PostAsync(new TopUpRequest { Amount = 10000, StoreId = "S001" }, c => c.Headers.Add("Idempotency-Key", "till7-0001"));
var replay = await cards.TopUps.PostAsync(new TopUpRequest { Amount = 10000, StoreId = "S001" }, c => c.Headers.Add("Idempotency-Key", "till7-0001"));
Expect(topUp?.Balance == 12000 && replay?.TransactionId == topUp.TransactionId, "top-up and its replay");

var quote = await cards.Quotes.PostAsync(new QuoteRequest { StoreId = "S001", Amount = 5000 });
Expect(quote?.Payable == 5000, "quote");
var purchase = await cards.Purchases.PostAsync(new PurchaseRequest { OrderNo = "A-1001", StoreId = "S001", Amount = 5000, BalanceAmount = 5000 });
Expect(purchase?.Balance == 7000 && purchase.Type == PurchaseResponse_type.Purchase, "purchase");
try
{
    await cards.Purchases.PostAsync(new PurchaseRequest { OrderNo = "A-1002", StoreId = "S001", Amount = 900000, BalanceAmount = 900000 });
    Expect(false, "a purchase past the balance is refused");
}
catch (Problem problem)
{
    Expect(problem.Code == Problem_code.Insufficient_balance && problem.Status == 409 && !string.IsNullOrEmpty(problem.TraceId), "typed problem");
}
var refund = await cards.Refunds.PostAsync(new RefundRequest { OrderNo = "A-1001", StoreId = "S001" }, c => c.Headers.Add("Idempotency-Key", "till7-0002"));
Expect(refund?.Balance == 12000, "refund");

var ledger = await cards.Transactions.GetAsync(c => c.QueryParameters.Limit = 10);
Expect(ledger?.Items?.Count == 3 && ledger.Items[0].Type == TransactionItem_type.Refund, "ledger");
var report = await v1.Reports.Summary.GetAsync();
Expect(report?.Items is not null, "report");

Console.WriteLine("The POS flow went through the generated client.");
return 0;

static void Expect(bool condition, string step)
{
    if (!condition) throw new InvalidOperationException($"POS flow step failed: {step}");
}
