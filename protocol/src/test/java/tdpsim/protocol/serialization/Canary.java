package tdpsim.protocol.serialization;

/** A plain class with an id nowhere, for the refusal on write. */
public final class Canary {}
