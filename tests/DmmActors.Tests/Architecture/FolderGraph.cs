using Mono.Cecil;
using Mono.Cecil.Cil;

namespace DmmActors.Tests.Architecture;

/// <summary>
/// Which folder of an assembly uses which, read from its IL: a type's base, interfaces, fields,
/// signatures, attributes (and the types they name), generic constraints, caught exceptions and
/// every type, method or field its bodies name. Constants are not seen: the compiler copies their
/// values into the code that uses them. A folder is a namespace
/// under the root, cut to <c>depth</c> segments (at depth 1, DmmActors.Protocol.Wire is in
/// Protocol); a nested or compiler-made type belongs to the folder of the type that holds it.
/// </summary>
public sealed class FolderGraph
{
    readonly string _root;
    readonly int _depth;
    readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _uses = new();

    public FolderGraph(string assemblyPath, string root, int depth = 1)
    {
        _root = root;
        _depth = depth;
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = FolderOf(type);
            if (from is null) continue;
            _uses.TryAdd(from, new());
            foreach (var used in Referenced(type))
                if (FolderOf(used) is { } to && to != from)
                {
                    var byFolder = _uses[from];
                    if (!byFolder.TryGetValue(to, out var names)) byFolder[to] = names = new(StringComparer.Ordinal);
                    names.Add(Outermost(used).Name);
                }
        }
    }

    public IEnumerable<string> Folders => _uses.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<string> Uses(string folder) => _uses.TryGetValue(folder, out var to) ? to.Keys.Order(StringComparer.Ordinal) : [];

    /// <summary>The types of <paramref name="to"/> that <paramref name="from"/> uses.</summary>
    public IReadOnlyCollection<string> TypesUsed(string from, string to) =>
        _uses.TryGetValue(from, out var byFolder) && byFolder.TryGetValue(to, out var names) ? names : [];

    /// <summary>Strongly connected components of more than one folder (Tarjan): each is a cycle of imports.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var found = new List<IReadOnlyList<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v); onStack.Add(v);
            foreach (var w in Uses(v))
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string top;
            do { top = stack.Pop(); onStack.Remove(top); component.Add(top); } while (top != v);
            if (component.Count > 1) found.Add(component.Order(StringComparer.Ordinal).ToArray());
        }
        foreach (var folder in Folders) if (!index.ContainsKey(folder)) Visit(folder);
        return found;
    }

    string? FolderOf(TypeReference type)
    {
        var ns = Outermost(type).Namespace;
        if (ns == _root) return "(root)";
        if (!ns.StartsWith(_root + ".", StringComparison.Ordinal)) return null;
        var segments = ns[(_root.Length + 1)..].Split('.');
        return string.Join('.', segments.Take(_depth));
    }

    static TypeReference Outermost(TypeReference type)
    {
        type = type.GetElementType();
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        if (type.BaseType is { } b) foreach (var t in Expand(b)) yield return t;
        foreach (var i in type.Interfaces) foreach (var t in Expand(i.InterfaceType)) yield return t;
        foreach (var a in Attributes(type)) yield return a;
        foreach (var g in type.GenericParameters) foreach (var c in g.Constraints) foreach (var t in Expand(c.ConstraintType)) yield return t;
        foreach (var f in type.Fields)
        {
            foreach (var t in Expand(f.FieldType)) yield return t;
            foreach (var a in Attributes(f)) yield return a;
        }
        foreach (var p in type.Properties)
        {
            foreach (var t in Expand(p.PropertyType)) yield return t;
            foreach (var a in Attributes(p)) yield return a;
        }
        foreach (var e in type.Events) foreach (var t in Expand(e.EventType)) yield return t;
        foreach (var m in type.Methods)
        {
            foreach (var t in Signature(m)) yield return t;
            foreach (var a in Attributes(m)) yield return a;
            foreach (var a in Attributes(m.MethodReturnType)) yield return a;
            foreach (var p in m.Parameters) foreach (var a in Attributes(p)) yield return a;
            foreach (var g in m.GenericParameters) foreach (var c in g.Constraints) foreach (var t in Expand(c.ConstraintType)) yield return t;
            foreach (var o in m.Overrides) foreach (var t in Signature(o)) yield return t;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) foreach (var t in Expand(v.VariableType)) yield return t;
            foreach (var h in m.Body.ExceptionHandlers) if (h.CatchType is { } caught) foreach (var t in Expand(caught)) yield return t;
            foreach (var instruction in m.Body.Instructions)
                foreach (var t in Operand(instruction)) yield return t;
        }
    }

    static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference t => Expand(t),
        MethodReference m => Signature(m),
        FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
        _ => [],
    };

    static IEnumerable<TypeReference> Signature(MethodReference m)
    {
        foreach (var t in Expand(m.DeclaringType)) yield return t;
        foreach (var t in Expand(m.ReturnType)) yield return t;
        foreach (var p in m.Parameters) foreach (var t in Expand(p.ParameterType)) yield return t;
        if (m is GenericInstanceMethod g) foreach (var a in g.GenericArguments) foreach (var t in Expand(a)) yield return t;
    }

    static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.HasCustomAttributes ? provider.CustomAttributes.SelectMany(AttributeTypes) : [];

    /// <summary>An attribute's own type and the types its arguments name (<c>typeof</c>).</summary>
    static IEnumerable<TypeReference> AttributeTypes(CustomAttribute attribute) =>
        Expand(attribute.AttributeType).Concat(
            attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)).Concat(attribute.Fields.Select(f => f.Argument))
                .Where(a => a.Value is TypeReference).SelectMany(a => Expand((TypeReference)a.Value)));

    static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType g:
                foreach (var t in Expand(g.ElementType)) yield return t;
                foreach (var a in g.GenericArguments) foreach (var t in Expand(a)) yield return t;
                break;
            case FunctionPointerType f:
                foreach (var t in Expand(f.ReturnType)) yield return t;
                foreach (var p in f.Parameters) foreach (var t in Expand(p.ParameterType)) yield return t;
                break;
            case TypeSpecification s:
                foreach (var t in Expand(s.ElementType)) yield return t;
                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }
}
