package tdpsim.main.cluster;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tdpsim.main.UserException;
import tdpsim.protocol.Experiment;

/**
 * The cluster's shared secret, and what it authenticates: a member joins only a cluster whose members prove the
 * same secret ({@link SecretJoinChecker}), and runs only assignments whose {@code mac} verifies; the submitter
 * takes only progress whose {@code mac} verifies. The secret itself never crosses the wire: a join presents
 * HMAC(key, "join"), each message HMAC(key, its fields), where key = HMAC(secret, "tdpsim-cluster-v1|" + name).
 *
 * <p>The secret is a file readable by its owner alone (like an ssh key): a group- or world-readable file is
 * refused. A member that finds no file creates one (32 random bytes, hex), so members of one user on one host
 * share it with no setup; copy it to the members on other hosts.
 */
public final class ClusterSecret {
  private static final String HMAC = "HmacSHA256";
  private static final int MIN_SECRET_CHARS = 16;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final SecretKeySpec sealKey;
  private final Path file;

  private ClusterSecret(byte[] secret, String clusterName, Path file) {
    this.key = new SecretKeySpec(hmac(new SecretKeySpec(secret, HMAC),
        ("tdpsim-cluster-v1|" + clusterName).getBytes(StandardCharsets.UTF_8)), HMAC);
    this.sealKey = new SecretKeySpec(hmac(key, "seal".getBytes(StandardCharsets.UTF_8)), "AES");
    this.file = file;
  }

  /**
   * {@code text} encrypted under a key derived from the secret (AES-256-GCM, fresh IV), Base64: what an assignment
   * carries of its scenario and overrides, so a process that got to host work entities without the secret (for
   * the seconds until it is downed) reads nothing of them.
   */
  String seal(String text) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, iv));
      byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[IV_BYTES + sealed.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(CIPHER + " is part of every Java runtime", e);
    }
  }

  /** The text {@link #seal} sealed; {@link UserException} when it was not sealed under this secret. */
  String open(String sealed) {
    try {
      byte[] in = Base64.getDecoder().decode(sealed);
      if (in.length < IV_BYTES) {
        throw new IllegalArgumentException("too short");
      }
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new UserException("submitted scenario: not sealed with this cluster's secret; refused");
    }
  }

  /** The secret in {@code file} for the cluster {@code clusterName}; creates the file when there is none. */
  public static ClusterSecret load(Path file, String clusterName) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      checkOwnerOnly(file);
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (text.length() < MIN_SECRET_CHARS) {
        throw new UserException(file + ": the cluster secret must be at least " + MIN_SECRET_CHARS
            + " characters (e.g. head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n' > " + file + ")");
      }
      return new ClusterSecret(text.getBytes(StandardCharsets.UTF_8), clusterName, file);
    } catch (IOException e) {
      throw new UserException(file + ": cannot read or create the cluster secret: " + e.getMessage());
    }
  }

  /** A secret from its text, for tests. */
  static ClusterSecret of(String secret, String clusterName) {
    return new ClusterSecret(secret.getBytes(StandardCharsets.UTF_8), clusterName, null);
  }

  /** The file this secret came from (null for {@link #of}). */
  public Path file() {
    return file;
  }

  /** What a member presents when it joins: HMAC(key, "join"), hex. */
  String joinProof() {
    return hex(hmac(key, "join".getBytes(StandardCharsets.UTF_8)));
  }

  /** What a member answers to a challenge: HMAC(key, "attest", nonce, member), hex; see {@link MemberAttestation}. */
  String attest(String nonce, String member) {
    return mac(out -> {
      out.writeUTF("attest");
      str(out, nonce);
      str(out, member);
    });
  }

  /** Constant-time comparison of two hex macs (null never matches). */
  static boolean sameMac(String a, String b) {
    return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
        b.getBytes(StandardCharsets.US_ASCII));
  }

  String mac(Experiment.Run r) {
    return mac(out -> {
      out.writeUTF("run");
      str(out, r.experimentId());
      out.writeInt(r.index());
      str(out, r.scenario());
      str(out, r.scenarioText());
      Map<String, String> sorted = new TreeMap<>(r.overrides());
      out.writeInt(sorted.size());
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        str(out, e.getKey());
        str(out, e.getValue());
      }
      str(out, r.mode().configName());
      out.writeLong(r.seed());
      out.writeBoolean(r.deterministic());
    });
  }

  String mac(Experiment.Started s) {
    return mac(out -> {
      out.writeUTF("started");
      str(out, s.experimentId());
      out.writeInt(s.index());
      str(out, s.member());
    });
  }

  String mac(Experiment.Finished f) {
    return mac(out -> {
      out.writeUTF("finished");
      str(out, f.experimentId());
      out.writeInt(f.index());
      str(out, f.member());
      str(out, f.modeReportJson());
      out.writeLong(f.events());
      out.writeLong(f.messages());
      out.writeLong(f.wallNs());
      out.writeLong(f.heapBytes());
      out.writeBoolean(f.complete());
      str(out, f.stopReason());
    });
  }

  String mac(Experiment.Failed f) {
    return mac(out -> {
      out.writeUTF("failed");
      str(out, f.experimentId());
      out.writeInt(f.index());
      str(out, f.member());
      str(out, f.reason());
    });
  }

  /** True when {@code progress} carries the mac of its own fields under this secret. */
  boolean verifies(Experiment.Progress progress) {
    if (progress instanceof Experiment.Started s) {
      return sameMac(s.mac(), mac(s));
    } else if (progress instanceof Experiment.Finished f) {
      return sameMac(f.mac(), mac(f));
    } else if (progress instanceof Experiment.Failed f) {
      return sameMac(f.mac(), mac(f));
    }
    return false;
  }

  boolean verifies(Experiment.Run run) {
    return sameMac(run.mac(), mac(run));
  }

  private interface Fields {
    void write(DataOutputStream out) throws IOException;
  }

  private String mac(Fields fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      fields.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return hex(hmac(key, bytes.toByteArray()));
  }

  /** Length-prefixed UTF-8, so that no two field sequences encode alike. */
  private static void str(DataOutputStream out, String s) throws IOException {
    byte[] b = (s == null ? "\u0000null" : s).getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HMAC + " is part of every Java runtime", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Writes a new random secret readable by its owner alone; if another member won the race, keeps theirs. */
  private static void create(Path file) throws IOException {
    // (RANDOM above is this class's one SecureRandom.)
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      setPermissions(dir, "rwx------");
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    Path temp = Files.createTempFile(dir, ".cluster-secret", ".tmp");
    try {
      setPermissions(temp, "rw-------");
      Files.writeString(temp, hex(random) + "\n", StandardCharsets.UTF_8);
      try {
        Files.createLink(file, temp);
        org.slf4j.LoggerFactory.getLogger(ClusterSecret.class).info("created the cluster secret " + file
            + " (readable by you alone); members on other hosts need a copy of it");
      } catch (FileAlreadyExistsException e) {
        // Another member on this host created it first: use theirs.
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void setPermissions(Path path, String perms) throws IOException {
    if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
    }
  }

  private static void checkOwnerOnly(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserException(file + ": the cluster secret must be a regular file");
    }
    if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
      return;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(perms)) {
      throw new UserException(file + ": the cluster secret is readable by others ("
          + PosixFilePermissions.toString(perms) + "); chmod 600 " + file);
    }
  }
}
