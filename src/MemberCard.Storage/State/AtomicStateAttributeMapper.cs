using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Storage.State;

/// <summary>Makes Orleans build an <see cref="IAtomicState{TState}"/> for each <c>[AtomicState]</c> constructor parameter.</summary>
internal sealed class AtomicStateAttributeMapper : IAttributeToFactoryMapper<AtomicStateAttribute>
{
    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, AtomicStateAttribute metadata)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IAtomicState<>))
            throw new ArgumentException(
                $"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType} has [AtomicState] but is not an IAtomicState<TState>.",
                parameter.Name);
        var stateType = typeof(AtomicState<>).MakeGenericType(type.GetGenericArguments());
        var create = ActivatorUtilities.CreateFactory(stateType, [typeof(IGrainContext)]);
        return context => create(context.ActivationServices, [context]);
    }
}
