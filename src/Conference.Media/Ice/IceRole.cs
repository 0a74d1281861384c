namespace Conference.Media.Ice;

/// <summary>RFC 8445 §6.1.1: the controlling agent nominates; an ICE-lite agent is always controlled.</summary>
public enum IceRole
{
    Controlling,
    Controlled,
}
