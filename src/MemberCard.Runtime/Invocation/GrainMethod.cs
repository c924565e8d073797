using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using MemberCard.Runtime.Catalog;

namespace MemberCard.Runtime.Invocation;

/// <summary>
/// A grain contract method with its compiled invokers, built once per method and cached, so a call does a
/// dictionary lookup and two delegate calls, no reflection.
/// </summary>
internal sealed class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> Cache = new();
    private static readonly MethodInfo CallTypedDefinition =
        typeof(GrainMethod).GetMethod(nameof(CallTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<object, object?[], Task> _invoke;
    private readonly Func<GrainCatalog, GrainTypeInfo, GrainId, GrainMethod, object?[], object> _call;

    private GrainMethod(MethodInfo method)
    {
        Name = $"{method.DeclaringType!.Name}.{method.Name}";
        ReturnsValue = method.ReturnType.IsGenericType;
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: false);
        _invoke = CompileInvoke(method);
        var resultType = ReturnsValue ? method.ReturnType.GetGenericArguments()[0] : typeof(VoidResult);
        _call = CallTypedDefinition.MakeGenericMethod(resultType)
            .CreateDelegate<Func<GrainCatalog, GrainTypeInfo, GrainId, GrainMethod, object?[], object>>();
    }

    /// <summary>Interface and method name, for logs and traces.</summary>
    public string Name { get; }

    /// <summary>True for Task&lt;T&gt;, false for Task.</summary>
    public bool ReturnsValue { get; }

    /// <summary>Marked <see cref="ReadOnlyAttribute"/>: may run beside other reads, outside the mailbox.</summary>
    public bool IsReadOnly { get; }

    public static GrainMethod For(MethodInfo method) => Cache.GetOrAdd(method, static m => new GrainMethod(m));

    /// <summary>Runs the method on a grain instance (inside its turn).</summary>
    public Task Invoke(object? grain, object?[] arguments) =>
        _invoke(grain ?? throw new InvalidOperationException("The activation has no grain instance."), arguments);

    /// <summary>Sends the call through the catalog; returns a Task of the method's own return type.</summary>
    public object Call(GrainCatalog catalog, GrainTypeInfo type, GrainId grain, object?[] arguments) =>
        _call(catalog, type, grain, this, arguments);

    private static object CallTyped<T>(GrainCatalog catalog, GrainTypeInfo type, GrainId grain, GrainMethod method, object?[] arguments)
    {
        var task = catalog.InvokeAsync<T>(type, grain, method, arguments);
        return method.ReturnsValue ? task : (Task)task;
    }

    private static Func<object, object?[], Task> CompileInvoke(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters().Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, args).Compile();
    }

    /// <summary>Stands in for the missing result of a method returning plain Task.</summary>
    internal readonly record struct VoidResult;
}
