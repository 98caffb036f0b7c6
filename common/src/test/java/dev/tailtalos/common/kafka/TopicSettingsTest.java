package dev.tailtalos.common.kafka;

import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.settings.SettingsCheck;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicSettingsTest {

    @Test
    void shortNamesDropThePrefixAndVersion() {
        assertThat(TopicSettings.shortName(Topics.AUDIT)).isEqualTo("audit");
        assertThat(TopicSettings.shortName(Topics.ROLLOUT_REQUESTED)).isEqualTo("rollout-requested");
        assertThat(TopicSettings.shortName(Topics.NODE_APPLY_FAILED)).isEqualTo("node-apply-failed");
    }

    @Test
    void unsetValuesLeaveReplicationAndConfigsToTheBroker() {
        List<TopicSettings> all = TopicSettings.all(new MockEnvironment()::getProperty);
        assertThat(all).hasSize(Topics.ALL.size()).allSatisfy(t -> {
            assertThat(t.partitions()).isEqualTo(TopicSettings.DEFAULT_PARTITIONS);
            assertThat(t.replicationFactor()).isEmpty();
            assertThat(t.configs()).isEmpty();
        });
    }

    @Test
    void generalSettingsApplyToEveryTopicAndPerTopicOnesWin() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("tailtalos.kafka.partitions", "6")
                .withProperty("tailtalos.kafka.replication-factor", "3")
                .withProperty("tailtalos.kafka.min-insync-replicas", "2")
                .withProperty("tailtalos.kafka.topic.audit.partitions", "1")
                .withProperty("tailtalos.kafka.topic.audit.config", "retention.ms=-1, cleanup.policy=delete")
                .withProperty("tailtalos.kafka.topic.rollout-status.replication-factor", "5");
        TopicSettings audit = TopicSettings.of(Topics.AUDIT, env::getProperty);
        assertThat(audit.partitions()).isEqualTo(1);
        assertThat(audit.replicationFactor()).contains((short) 3);
        assertThat(audit.configs()).isEqualTo(Map.of("min.insync.replicas", "2", "retention.ms", "-1",
                "cleanup.policy", "delete"));
        TopicSettings status = TopicSettings.of(Topics.ROLLOUT_STATUS, env::getProperty);
        assertThat(status.partitions()).isEqualTo(6);
        assertThat(status.replicationFactor()).isEqualTo(Optional.of((short) 5));
        assertThat(status.configs()).isEqualTo(Map.of("min.insync.replicas", "2"));
    }

    @Test
    void badValuesNameTheirProperty() {
        MockEnvironment env = new MockEnvironment().withProperty("tailtalos.kafka.topic.audit.replication-factor", "0");
        assertThatThrownBy(() -> TopicSettings.of(Topics.AUDIT, env::getProperty))
                .hasMessage("tailtalos.kafka.topic.audit.replication-factor: '0' is not a whole number from 1 to 32767");
        MockEnvironment config = new MockEnvironment().withProperty("tailtalos.kafka.topic.audit.config", "retention.ms");
        assertThatThrownBy(() -> TopicSettings.of(Topics.AUDIT, config::getProperty))
                .hasMessageContaining("tailtalos.kafka.topic.audit.config: 'retention.ms' is not a Kafka topic config");
    }

    @Test
    void theStartupCheckReportsEveryBadTopicSettingOnce() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("tailtalos.kafka.replication-factor", "three")
                .withProperty("tailtalos.kafka.topic.node-health.partitions", "-1");
        assertThat(SettingsCheck.of(env).kafkaTopics().problems()).containsExactlyInAnyOrder(
                "tailtalos.kafka.topic.node-health.partitions (TAILTALOS_KAFKA_TOPIC_NODE_HEALTH_PARTITIONS): '-1' is not a whole number from 1 to 10000",
                "tailtalos.kafka.replication-factor (TAILTALOS_KAFKA_REPLICATION_FACTOR): 'three' is not a whole number from 1 to 32767");
    }
}
