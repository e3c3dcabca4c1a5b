package org.segstream.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The topics deploy/kafka/create-topics.sh creates for compose: its `create TOPIC PARTITIONS K=V...` lines. */
final class TopicScript {
  static final String FILE = "deploy/kafka/create-topics.sh";

  private static final Pattern CREATE = Pattern.compile("(?m)^create\\s+(\\S+)\\s+(\\S+)((?:\\s+[\\w.]+=\\S+)*)\\s*$");

  /**
   * One topic line.
   *
   * @param partitions a number, or the script's variable
   * @param config topic configs
   */
  record Topic(String name, String partitions, Map<String, String> config) {}

  private TopicScript() {}

  static Map<String, Topic> topics() {
    Map<String, Topic> out = new LinkedHashMap<>();
    Matcher m = CREATE.matcher(Repo.read(FILE));
    while (m.find()) {
      Map<String, String> config = new LinkedHashMap<>();
      for (String pair : m.group(3).strip().split("\\s+")) {
        if (!pair.isEmpty()) {
          String[] kv = pair.split("=", 2);
          config.put(kv[0], kv[1]);
        }
      }
      out.put(m.group(1), new Topic(m.group(1), m.group(2), config));
    }
    return out;
  }
}
