using System.Buffers.Binary;

namespace Conference.Media.Stun;

/// <summary>
/// Walks the attributes of an already validated message; the bounds were checked by
/// <see cref="StunMessage.TryParse"/>, so this cannot run past the end.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _attributes;
    private int _next;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        _attributes = attributes;
        _next = 0;
        Current = default;
    }

    public StunAttribute Current { get; private set; }

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_attributes.Length - _next < 4)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(_attributes.Slice(_next));
        int length = BinaryPrimitives.ReadUInt16BigEndian(_attributes.Slice(_next + 2));
        Current = new StunAttribute(type, _attributes.Slice(_next + 4, length));
        _next += 4 + ((length + 3) & ~3);
        return true;
    }
}
