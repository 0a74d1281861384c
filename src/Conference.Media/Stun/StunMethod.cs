namespace Conference.Media.Stun;

/// <summary>STUN methods this stack uses (RFC 8489 §18.2; ICE only needs Binding).</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
}
