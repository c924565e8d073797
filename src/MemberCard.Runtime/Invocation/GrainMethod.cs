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
    private static readonly MethodInfo InvokeLocalBoxedDefinition =
        typeof(GrainMethod).GetMethod(nameof(InvokeLocalBoxed), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<object, object?[], Task> _invoke;
    private readonly Func<GrainCatalog, GrainTypeInfo, GrainId, GrainMethod, object?[], object> _call;
    private readonly Func<GrainCatalog, GrainTypeInfo, GrainId, GrainMethod, object?[], Task<object?>> _invokeLocal;

    private GrainMethod(MethodInfo method)
    {
        Name = $"{method.DeclaringType!.Name}.{method.Name}";
        ReturnsValue = method.ReturnType.IsGenericType;
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: false);
        _invoke = CompileInvoke(method);
        var resultType = ReturnsValue ? method.ReturnType.GetGenericArguments()[0] : typeof(VoidResult);
        _call = CallTypedDefinition.MakeGenericMethod(resultType)
            .CreateDelegate<Func<GrainCatalog, GrainTypeInfo, GrainId, GrainMethod, object?[], object>>();
        _invokeLocal = InvokeLocalBoxedDefinition.MakeGenericMethod(resultType)
            .CreateDelegate<Func<GrainCatalog, GrainTypeInfo, GrainId, GrainMethod, object?[], Task<object?>>>();
        ResultType = resultType;
        ParameterTypes = [.. method.GetParameters().Select(p => p.ParameterType)];
        Key = SignatureOf(method);
    }

    /// <summary>Names the method on the wire: name and parameter types, stable across processes of one build.</summary>
    public string Key { get; }

    /// <summary>Parameter types, in order (for serializing arguments).</summary>
    public Type[] ParameterTypes { get; }

    /// <summary>The result type; <see cref="VoidResult"/> for Task.</summary>
    public Type ResultType { get; }

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

    /// <summary>Runs the call on this silo's activation and boxes the result (for calls that came over the wire).</summary>
    public Task<object?> InvokeLocal(GrainCatalog catalog, GrainTypeInfo type, GrainId grain, object?[] arguments) =>
        _invokeLocal(catalog, type, grain, this, arguments);

    /// <summary>The methods of a grain contract (inherited ones too), by <see cref="Key"/>.</summary>
    public static IReadOnlyDictionary<string, GrainMethod> AllOf(Type grainInterface) =>
        MethodTables.GetOrAdd(grainInterface, static t => t.GetMethods().Concat(t.GetInterfaces().SelectMany(i => i.GetMethods()))
            .Select(For).ToDictionary(m => m.Key, StringComparer.Ordinal));

    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, GrainMethod>> MethodTables = new();

    private static string SignatureOf(MethodInfo method) =>
        $"{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name))})";

    private static async Task<object?> InvokeLocalBoxed<T>(GrainCatalog catalog, GrainTypeInfo type, GrainId grain, GrainMethod method, object?[] arguments) =>
        await catalog.InvokeLocalAsync<T>(type, grain, method, arguments).ConfigureAwait(false);

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
