#!/bin/sh
# apache/kafka's health-check path; the same tool class as the distribution's script.
exec java -Xmx64m -Dlog4j2.configurationFile=/etc/kafka/docker/tools-log4j2.yaml -cp '/opt/kafka/libs/*' \
  org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
