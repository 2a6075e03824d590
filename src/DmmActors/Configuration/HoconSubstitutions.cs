using Akka.Configuration.Hocon;

namespace DmmActors.Configuration;

/// <summary>
/// Checks the substitutions of a parsed HOCON tree before anything reads a value. Akka's
/// parser links each ${path} to the value it names and follows the link on every read, so
/// a cycle (a = ${b}, b = ${a}, or a key that names its own parent) recurses until the
/// process dies of a stack overflow, and substitutions of substitutions can multiply into
/// more values than memory holds. The walk is iterative, so no input can exhaust the stack.
/// </summary>
public static class HoconSubstitutions
{
    /// <summary>Values a tree may expand to; the embedded default scenario has about a hundred.</summary>
    public const long MaxExpandedValues = 1_000_000;

    /// <summary>The problem, or null: a cycle names the substitutions on it.</summary>
    public static string? Problem(HoconValue root)
    {
        // Depth-first over values; a value is grey while its children are walked, so
        // reaching a grey value again closes a cycle.
        var size = new Dictionary<HoconValue, long>(ReferenceEqualityComparer.Instance);
        var grey = new HashSet<HoconValue>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Frame>();
        stack.Push(new Frame(root, null));
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            if (!frame.Entered)
            {
                // Akka's parser reads ${?path} and ${ path } as ${}, the whole document, which
                // holds the substitution itself.
                if (frame.Via is { Path: var named } && string.IsNullOrWhiteSpace(named))
                    return "a substitution names no key: Akka's HOCON reads neither ${?path} nor spaces inside ${ } (write ${path})";
                if (size.ContainsKey(frame.Value)) { stack.Pop(); continue; }
                if (!grey.Add(frame.Value)) return Cycle(stack, frame.Value);
                frame.Entered = true;
                foreach (var (child, via) in Children(frame.Value)) stack.Push(new Frame(child, via));
                continue;
            }
            stack.Pop();
            grey.Remove(frame.Value);
            long total = frame.Value.Values.Count(e => e is HoconLiteral);
            foreach (var (child, _) in Children(frame.Value)) total += size.GetValueOrDefault(child);
            if (total > MaxExpandedValues)
                return $"substitutions expand to more than {MaxExpandedValues:N0} values";
            size[frame.Value] = total;
        }
        return null;
    }

    static IEnumerable<(HoconValue Child, HoconSubstitution? Via)> Children(HoconValue value)
    {
        foreach (var element in value.Values)
        {
            switch (element)
            {
                case HoconObject o:
                    foreach (var child in o.Items.Values) yield return (child, null);
                    break;
                case HoconArray a:
                    foreach (var child in a) yield return (child, null);
                    break;
                case HoconSubstitution { ResolvedValue: { } resolved } s:
                    yield return (resolved, s);
                    break;
            }
        }
    }

    static string Cycle(Stack<Frame> stack, HoconValue closing)
    {
        // The entered frames on the stack are the path from the root; the cycle is its tail from the closing value.
        var path = stack.Skip(1).Where(f => f.Entered).Reverse().Append(stack.Peek()).ToList();
        var from = path.FindIndex(f => f.Entered && ReferenceEquals(f.Value, closing));
        var names = path.Skip(from + 1).Where(f => f.Via is not null).Select(f => "${" + f.Via!.Path + "}").Distinct().ToList();
        return $"cyclic substitution: {string.Join(" -> ", names)}";
    }

    sealed class Frame(HoconValue value, HoconSubstitution? via)
    {
        public HoconValue Value { get; } = value;
        public HoconSubstitution? Via { get; } = via;
        public bool Entered { get; set; }
    }
}
