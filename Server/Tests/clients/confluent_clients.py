"""Real Confluent clients against a running strata-server: confluent-kafka's SchemaRegistryClient,
JSONSerializer and JSONDeserializer (no Kafka broker needed), and python-schema-registry-client.

    python3 confluent_clients.py http://127.0.0.1:PORT TOKEN

The server runs with a users file (admin:admin-secret with role admin, reader:reader-secret with
role read) and a tokens file holding TOKEN with role write, and no anonymous access:
confluent-kafka authenticates with basic auth and, for the serializer, with the bearer token;
python-schema-registry-client with basic auth.

Each check prints one line; the first failure stops the run with exit 1.
"""
import json
import sys

import httpx

from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from schema_registry.client import SchemaRegistryClient as PythonSchemaRegistryClient
from schema_registry.client import schema as python_schema
from schema_registry.serializers import JsonMessageSerializer

URL, TOKEN = sys.argv[1], sys.argv[2]
ADMIN = {"url": URL, "max.retries": 0, "basic.auth.user.info": "admin:admin-secret"}
READER = {"url": URL, "max.retries": 0, "basic.auth.user.info": "reader:reader-secret"}
# confluent-kafka requires a logical cluster with a static token; strata-server ignores it.
PRODUCER = {"url": URL, "max.retries": 0, "bearer.auth.credentials.source": "STATIC_TOKEN", "bearer.auth.token": TOKEN,
            "bearer.auth.logical.cluster": "strata"}

ORDER_V1 = {
    "title": "OrderPlaced",
    "type": "object",
    "properties": {
        "orderId": {"type": "string"},
        "total": {"type": "number"},
        "sequence": {"type": "integer"},
    },
    "required": ["orderId"],
    "additionalProperties": False,
}
# An optional property added to a closed model: BACKWARD compatible.
ORDER_V2 = dict(ORDER_V1, properties=dict(ORDER_V1["properties"], note={"type": "string"}))
# A new required property: not BACKWARD compatible.
ORDER_BREAKING = dict(ORDER_V1, properties=dict(ORDER_V1["properties"], currency={"type": "string"}),
                      required=["orderId", "currency"])
# A shared type, and an event that references it by name as Confluent's clients do.
ADDRESS = {
    "title": "Address",
    "type": "object",
    "properties": {"street": {"type": "string"}, "city": {"type": "string"}},
    "required": ["street"],
    "additionalProperties": False,
}
SHIPPED = {
    "title": "OrderShipped",
    "type": "object",
    "properties": {"orderId": {"type": "string"}, "shipTo": {"$ref": "Address.json"}},
    "required": ["orderId", "shipTo"],
    "additionalProperties": False,
}


def check(condition, what):
    if not condition:
        print(f"FAIL {what}")
        sys.exit(1)
    print(f"ok   {what}")


def expect_error(call, status, code, what):
    try:
        call()
    except SchemaRegistryError as error:
        check(error.http_status_code == status and error.error_code == code,
              f"{what}: {status}/{code} (got {error.http_status_code}/{error.error_code})")
        return
    check(False, f"{what}: expected {status}/{code}, got no error")


def access_checks():
    v1 = Schema(json.dumps(ORDER_V1), "JSON")
    expect_error(lambda: SchemaRegistryClient({"url": URL, "max.retries": 0}).get_subjects(), 401, 401,
                 "without credentials a client is refused")
    wrong = {"url": URL, "max.retries": 0, "basic.auth.user.info": "admin:wrong"}
    expect_error(lambda: SchemaRegistryClient(wrong).get_subjects(), 401, 401, "a wrong password is refused")
    check(SchemaRegistryClient(READER).get_subjects() == [], "a read-only user reads")
    expect_error(lambda: SchemaRegistryClient(READER).register_schema("orders-value", v1), 403, 40301,
                 "a read-only user cannot register")


def confluent_kafka_client():
    client = SchemaRegistryClient(ADMIN)
    v1 = Schema(json.dumps(ORDER_V1), "JSON")
    schema_id = client.register_schema("orders-value", v1)
    check(isinstance(schema_id, int) and schema_id > 0, "confluent-kafka registers a schema")
    check(client.register_schema("orders-value", v1) == schema_id, "registering it again returns the same id")
    found = client.lookup_schema("orders-value", v1)
    check(found.version == 1 and found.schema_id == schema_id, "lookup finds version 1")
    latest = client.get_latest_version("orders-value")
    check(latest.version == 1 and latest.schema.schema_type == "JSON", "the latest version is 1, of type JSON")
    check(json.loads(client.get_schema(schema_id).schema_str) == ORDER_V1, "the schema reads back by id")

    check(client.test_compatibility("orders-value", Schema(json.dumps(ORDER_V2), "JSON")), "an optional property is compatible")
    check(not client.test_compatibility("orders-value", Schema(json.dumps(ORDER_BREAKING), "JSON")),
          "a new required property is not")
    expect_error(lambda: client.register_schema("orders-value", Schema(json.dumps(ORDER_BREAKING), "JSON")),
                 409, 40901, "registering the break is refused")
    expect_error(lambda: client.register_schema("orders-value", Schema("{\"type\": 7}", "JSON")),
                 422, 42201, "an invalid schema is refused")
    expect_error(lambda: client.get_version("orders-value", 9), 404, 40402, "a missing version")
    expect_error(lambda: client.get_latest_version("no-such-subject"), 404, 40401, "a missing subject")

    client.set_compatibility("orders-value", "FULL")
    check(client.get_compatibility("orders-value") == "FULL", "a subject's compatibility level is set and read")
    client.set_compatibility(level="BACKWARD")
    check(client.get_compatibility() == "BACKWARD", "the global level is set and read")
    client.set_compatibility("orders-value", "BACKWARD")
    check(client.register_schema("orders-value", Schema(json.dumps(ORDER_V2), "JSON")) != schema_id, "version 2 registers")
    check(client.get_versions("orders-value") == [1, 2], "the subject has versions 1 and 2")

    # The serializer's default subject strategy asks for associations first; a 404 falls back to
    # the topic strategy (orders-value).
    # The serializer and deserializer authenticate with the bearer token.
    producer = SchemaRegistryClient(PRODUCER)
    serializer = JSONSerializer(json.dumps(ORDER_V2), producer, conf={"auto.register.schemas": False})
    event = {"orderId": "o-1", "total": 199.99, "sequence": 1234567890123456789, "note": "gift"}
    context = SerializationContext("orders", MessageField.VALUE)
    data = serializer(event, context)
    v2_id = client.lookup_schema("orders-value", Schema(json.dumps(ORDER_V2), "JSON")).schema_id
    check(data[0] == 0 and int.from_bytes(data[1:5], "big") == v2_id, "the serialised event carries magic byte 0 and the schema id")
    deserializer = JSONDeserializer(json.dumps(ORDER_V2), schema_registry_client=producer)
    check(deserializer(data, context) == event, "confluent-kafka's deserializer reads it back, int64 and decimal exact")
    expect_error(lambda: producer.delete_version("orders-value", 2), 403, 40301, "the write token cannot delete")

    check(client.delete_version("orders-value", 2) == 2, "a version is soft-deleted")
    check(client.get_versions("orders-value") == [1], "it leaves the list")
    check(client.delete_version("orders-value", 2, permanent=True) == 2, "then removed for good")
    check(client.delete_subject("orders-value") == [1], "the subject is soft-deleted")
    check("orders-value" not in client.get_subjects(), "it leaves the subject list")
    check(client.delete_subject("orders-value", permanent=True) == [1], "then removed for good")
    return data


def confluent_kafka_references():
    client = SchemaRegistryClient(ADMIN)
    address_id = client.register_schema("Address", Schema(json.dumps(ADDRESS), "JSON"))
    references = [SchemaReference("Address.json", "Address", 1)]
    shipped = Schema(json.dumps(SHIPPED), "JSON", references)
    shipped_id = client.register_schema("shipments-value", shipped)
    check(shipped_id != address_id, "confluent-kafka registers a schema that references another by name")
    check(client.register_schema("shipments-value", shipped) == shipped_id, "registering it again returns the same id")
    read = client.get_schema(shipped_id)
    check([(r.name, r.subject, r.version) for r in read.references] == [("Address.json", "Address", 1)],
          "the schema reads back by id with its references")
    latest = client.get_latest_version("shipments-value")
    check(len(latest.schema.references) == 1 and json.loads(latest.schema.schema_str) == SHIPPED,
          "the latest version carries the schema as registered and its references")
    check(client.get_referenced_by("Address", 1) == [shipped_id], "the referenced version lists its referrer")
    expect_error(lambda: client.delete_version("Address", 1), 422, 42206, "a referenced version cannot be deleted")
    expect_error(lambda: client.register_schema("shipments-value", Schema(json.dumps(SHIPPED), "JSON", [SchemaReference("Address.json", "Address", 9)])),
                 422, 42201, "a reference to a missing version is refused")

    serializer = JSONSerializer(shipped, client, conf={"auto.register.schemas": False, "use.latest.version": True})
    event = {"orderId": "o-3", "shipTo": {"street": "1 Main St", "city": "Springfield"}}
    context = SerializationContext("shipments", MessageField.VALUE)
    data = serializer(event, context)
    check(data[0] == 0 and int.from_bytes(data[1:5], "big") == shipped_id, "the serializer resolves the reference and writes the id")
    try:
        serializer({"orderId": "o-4", "shipTo": {"street": 5}}, context)
        check(False, "the serializer refuses an event whose referenced part is invalid")
    except Exception as error:  # SerializationError from the jsonschema validation
        check("street" in str(error) or "5" in str(error), "the serializer refuses an event whose referenced part is invalid")
    deserializer = JSONDeserializer(None, schema_registry_client=client)
    check(deserializer(data, context) == event, "confluent-kafka's deserializer fetches the referenced schema and reads it back")


def python_schema_registry_client():
    try:
        # Without credentials it sends an empty basic user, which counts as anonymous.
        PythonSchemaRegistryClient(url=URL).get_subjects()
        check(False, "python-schema-registry-client without credentials is refused")
    except Exception as error:
        check(getattr(error, "http_code", None) == 401, f"python-schema-registry-client without credentials is refused ({error})")
    client = PythonSchemaRegistryClient(url=URL, auth=httpx.BasicAuth("admin", "admin-secret"))
    schema = python_schema.JsonSchema(ORDER_V1)
    schema_id = client.register("psrc-value", schema)
    check(isinstance(schema_id, int), "python-schema-registry-client registers a schema")
    check(client.register("psrc-value", schema) == schema_id, "and again, with the same id")
    check(client.get_by_id(schema_id).raw_schema == ORDER_V1, "it reads the schema by id")
    check(client.get_schema("psrc-value").version == 1, "and the subject's latest version")
    check(client.test_compatibility("psrc-value", python_schema.JsonSchema(ORDER_V2)), "it checks compatibility")
    client.update_compatibility("FULL_TRANSITIVE")
    check(client.get_compatibility() == "FULL_TRANSITIVE", "it sets the global level through config/")
    client.update_compatibility("BACKWARD")
    serializer = JsonMessageSerializer(client)
    record = {"orderId": "o-2", "total": 0.1, "sequence": 9007199254740993}
    message = serializer.encode_record_with_schema("psrc-value", schema, record)
    check(serializer.decode_message(message) == record, "its serializer round-trips an event")


if __name__ == "__main__":
    access_checks()
    confluent_kafka_client()
    confluent_kafka_references()
    python_schema_registry_client()
    print("all client checks passed")
