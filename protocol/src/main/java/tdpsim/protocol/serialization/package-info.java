/**
 * The Kryo wire format of {@code tdpsim.protocol} (docs/wire.md): {@link
 * tdpsim.protocol.serialization.KryoSerializer}, the Pekko serializer bound to {@code SimMessage}, and {@link
 * tdpsim.protocol.serialization.ProtocolRegistry}, the one table of class ids. Registration is required and no
 * class is ever looked up by a name read from the wire.
 */
package tdpsim.protocol.serialization;
