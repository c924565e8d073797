namespace MemberCard.Server.Mall;

/// <summary>The points mall's routes (docs/mall.md): catalogue, exchanges, fulfilment and its report.</summary>
public static class MallEndpoints
{
    public static void MapMallEndpoints(this RouteGroupBuilder api)
    {
        api.MapMallRewardEndpoints();
        api.MapMallExchangeEndpoints();
        api.MapMallOrderEndpoints();
        api.MapMallReportEndpoints();
    }
}
