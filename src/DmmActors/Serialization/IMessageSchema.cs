namespace DmmActors.Serialization;

/// <summary>
/// A folder's share of the binary schema that journals and cluster members share: the messages
/// and events it defines, each under a versioned manifest ("BindingRegistered.v1"). It is found
/// by <see cref="SchemaRegistry"/>, so a new protocol registers its types where it defines them.
/// </summary>
public interface IMessageSchema
{
    void Register(SchemaRegistry schemas);
}
