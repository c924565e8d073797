namespace MemberCard.Runtime.Hosting;

/// <summary>Binds a grain contract to the class that implements it.</summary>
public sealed record GrainRegistration(Type Interface, Type Implementation);
