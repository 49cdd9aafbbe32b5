"""confluent-kafka's half of the wire-format exchange with Strata (Server/Tests/StrataServerTests/
ConfluentWireInteropTests.swift runs it):

    python3 wire_interop.py produce URL FILE    registers OrderPlaced v1 under the subject
                                                OrderPlaced and writes one event serialised by
                                                JSONSerializer (magic byte, schema id, JSON) to FILE
    python3 wire_interop.py consume URL FILE    reads FILE (written by Strata) with JSONDeserializer,
                                                which fetches the schema by the id in the message and
                                                validates the event, and prints the event as JSON

Credentials, when the server asks for them, come from STRATA_TEST_BASIC (user:password).
"""
import json
import os
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient, record_subject_name_strategy
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

ORDER_V1 = {
    "title": "OrderPlaced",
    "type": "object",
    "properties": {
        "orderId": {"type": "string"},
        "total": {"type": "number"},
        "sequence": {"type": "integer"},
    },
    "required": ["orderId", "total", "sequence"],
    "additionalProperties": False,
}
# An int64 past 2^53 and a decimal with no exact binary form: both must arrive digit for digit.
EVENT_V1 = {"orderId": "o-1", "total": 199.99, "sequence": 1234567890123456789}


def client(url):
    conf = {"url": url, "max.retries": 0}
    if os.environ.get("STRATA_TEST_BASIC"):
        conf["basic.auth.user.info"] = os.environ["STRATA_TEST_BASIC"]
    return SchemaRegistryClient(conf)


def produce(url, path):
    # The record-name strategy: the subject is the schema's title, the event type. The serializer
    # registers the schema on first use.
    serializer = JSONSerializer(json.dumps(ORDER_V1), client(url),
                                conf={"subject.name.strategy": record_subject_name_strategy})
    data = serializer(EVENT_V1, SerializationContext("orders", MessageField.VALUE))
    with open(path, "wb") as file:
        file.write(data)


def consume(url, path):
    with open(path, "rb") as file:
        data = file.read()
    # No reader schema: the deserializer uses the writer's schema, fetched by the message's id.
    deserializer = JSONDeserializer(None, schema_registry_client=client(url))
    event = deserializer(data, SerializationContext("orders", MessageField.VALUE))
    print(json.dumps(event))


if __name__ == "__main__":
    command, url, path = sys.argv[1:4]
    {"produce": produce, "consume": consume}[command](url, path)
