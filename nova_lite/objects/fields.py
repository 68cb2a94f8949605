"""Field types of nova_lite objects (oslo.versionedobjects' plus our enums)."""

from oslo_versionedobjects import fields

# Re-exported so object modules import their field types from one place.
BooleanField = fields.BooleanField
DateTimeField = fields.DateTimeField
DictOfStringsField = fields.DictOfStringsField
DictOfNullableStringsField = fields.DictOfNullableStringsField
FlexibleBooleanField = fields.FlexibleBooleanField
FloatField = fields.FloatField
IntegerField = fields.IntegerField
NonNegativeIntegerField = fields.NonNegativeIntegerField
ListOfObjectsField = fields.ListOfObjectsField
ListOfStringsField = fields.ListOfStringsField
ObjectField = fields.ObjectField
StringField = fields.StringField
UUIDField = fields.UUIDField
Enum = fields.Enum
BaseEnumField = fields.BaseEnumField
EnumField = fields.EnumField
# Added with the object modules (Selection, RequestSpec, Instance,
# ComputeNode).
DictOfIntegersField = fields.DictOfIntegersField
DictOfListOfStringsField = fields.DictOfListOfStringsField
IPAddressField = fields.IPAddressField
IPV4AddressField = fields.IPV4AddressField
IPV6AddressField = fields.IPV6AddressField


class ResourceClass(fields.Enum):
    VCPU = 'VCPU'
    MEMORY_MB = 'MEMORY_MB'
    DISK_GB = 'DISK_GB'

    ALL = (VCPU, MEMORY_MB, DISK_GB)

    def __init__(self):
        super().__init__(valid_values=ResourceClass.ALL)


class ResourceClassField(fields.BaseEnumField):
    AUTO_TYPE = ResourceClass()


class KeyPairType(fields.Enum):
    SSH = 'ssh'
    X509 = 'x509'

    ALL = (SSH, X509)

    def __init__(self):
        super().__init__(valid_values=KeyPairType.ALL)


class KeyPairTypeField(fields.BaseEnumField):
    AUTO_TYPE = KeyPairType()


class ImageVisibility(fields.Enum):
    PUBLIC = 'public'
    PRIVATE = 'private'
    SHARED = 'shared'
    COMMUNITY = 'community'

    ALL = (PUBLIC, PRIVATE, SHARED, COMMUNITY)

    def __init__(self):
        super().__init__(valid_values=ImageVisibility.ALL)


class ImageVisibilityField(fields.BaseEnumField):
    AUTO_TYPE = ImageVisibility()


class ImageStatus(fields.Enum):
    """Glance's image statuses (nova_lite stores records, not data)."""

    QUEUED = 'queued'
    SAVING = 'saving'
    UPLOADING = 'uploading'
    IMPORTING = 'importing'
    ACTIVE = 'active'
    DEACTIVATED = 'deactivated'
    KILLED = 'killed'
    DELETED = 'deleted'
    PENDING_DELETE = 'pending_delete'

    ALL = (QUEUED, SAVING, UPLOADING, IMPORTING, ACTIVE, DEACTIVATED, KILLED,
           DELETED, PENDING_DELETE)

    def __init__(self):
        super().__init__(valid_values=ImageStatus.ALL)


class ImageStatusField(fields.BaseEnumField):
    AUTO_TYPE = ImageStatus()
