using DmmActors.Protocol;
using DmmActors.Serialization;

namespace DmmActors.Capture;

/// <summary>What an eavesdropper on a cluster member hands the attacker on the driver.</summary>
public sealed class CaptureSchema : IMessageSchema
{
    public void Register(SchemaRegistry schemas) =>
        schemas.Register<CapturedPbu>("CapturedPbu.v1", (w, m) =>
        {
            // The PBU as it went out, its authentication with it: the replay must carry it unchanged.
            schemas.Writer(typeof(ProxyBindingUpdate)).Write(w, m.Pbu);
            w.Write(m.LmaIndex);
        }, r => new CapturedPbu((ProxyBindingUpdate)schemas.Reader(schemas.Manifest(typeof(ProxyBindingUpdate)))(r), r.ReadInt32()));
}
