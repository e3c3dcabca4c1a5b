package org.segstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** The name and value formats the Kubernetes API server enforces, checked here before it does. */
final class K8sNames {
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  // The API allows more ('.', '-'), but a name a shell cannot export is a trap for `env` users.
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
  private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern QUANTITY =
      Pattern.compile("[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");

  private K8sNames() {}

  static boolean dns1123Label(String s) {
    return s != null && s.length() <= 63 && DNS1123_LABEL.matcher(s).matches();
  }

  static boolean dns1123Subdomain(String s) {
    return s != null && s.length() <= 253 && DNS1123_SUBDOMAIN.matcher(s).matches();
  }

  static boolean dns1035Label(String s) {
    return s != null && s.length() <= 63 && DNS1035_LABEL.matcher(s).matches();
  }

  static boolean envName(String s) {
    return s != null && ENV_NAME.matcher(s).matches();
  }

  /** IANA service name: at most 15 characters, a letter among them, no "--". */
  static boolean portName(String s) {
    return s != null && s.length() <= 15 && PORT_NAME.matcher(s).matches() && s.matches(".*[a-z].*")
        && !s.contains("--");
  }

  /** A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
  static boolean labelKey(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    int slash = s.indexOf('/');
    String name = slash < 0 ? s : s.substring(slash + 1);
    boolean prefixOk = slash < 0 || dns1123Subdomain(s.substring(0, slash));
    return prefixOk && !name.isEmpty() && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
  }

  static boolean labelValue(String s) {
    return s != null && s.length() <= 63 && LABEL_NAME.matcher(s).matches();
  }

  static boolean configKey(String s) {
    return s != null && s.length() <= 253 && CONFIG_KEY.matcher(s).matches();
  }

  /** A resource quantity ("500m", "8Gi", 2): a string or a plain number. */
  static boolean quantity(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isIntegralNumber() || node.isFloatingPointNumber()) {
      return node.asDouble() >= 0;
    }
    return node.isTextual() && QUANTITY.matcher(node.asText()).matches();
  }

  static boolean port(JsonNode node) {
    return node != null && node.isInt() && node.asInt() >= 1 && node.asInt() <= 65535;
  }
}
