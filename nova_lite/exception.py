"""The exceptions of nova_lite, in one module.

Every class carries a ``msg_fmt`` (formatted with the keyword arguments it is
raised with) and the HTTP ``code`` the REST API answers with. Classes are
grouped in families (``NotFound`` 404, ``Invalid`` 400, ``Conflict`` 409) so a
caller can catch a whole family. This module is the only one whose exceptions
oslo.messaging re-raises by class on the far side of an RPC call (see
``nova_lite.rpc``); anything else arrives as ``oslo_messaging.RemoteError``.
"""

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class NovaLiteException(Exception):
    """Base class: format ``msg_fmt`` with the keyword arguments given."""

    msg_fmt = "An unknown exception occurred."
    code = 500
    safe = False

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        self.kwargs.setdefault('code', self.code)
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                # A wrong set of keywords is a programming error; say so in
                # the log and still raise something readable.
                LOG.exception('Exception %s raised with kwargs %s',
                              type(self).__name__, kwargs)
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def format_message(self):
        return self.args[0]


# --- 400 ------------------------------------------------------------------

class Invalid(NovaLiteException):
    msg_fmt = "Bad Request - Invalid Parameters"
    code = 400


class InvalidInput(Invalid):
    msg_fmt = "Invalid input received: %(reason)s"


class InvalidAPIVersionString(Invalid):
    msg_fmt = "API Version String %(version)s is of invalid format."


class ObjectActionError(NovaLiteException):
    msg_fmt = 'Object action %(action)s failed because: %(reason)s'


# --- 404 ------------------------------------------------------------------

class NotFound(NovaLiteException):
    msg_fmt = "Resource could not be found."
    code = 404


class ServiceNotFound(NotFound):
    msg_fmt = "Service %(service_id)s could not be found."


class HostBinaryNotFound(NotFound):
    msg_fmt = "Could not find binary %(binary)s on host %(host)s."


class ComputeHostNotFound(NotFound):
    msg_fmt = "Compute host %(host)s could not be found."


class ComputeNodeNotFound(NotFound):
    msg_fmt = "Compute node %(node)s could not be found."


class InstanceNotFound(NotFound):
    msg_fmt = "Instance %(instance_id)s could not be found."


class FlavorNotFound(NotFound):
    msg_fmt = "Flavor %(flavor_id)s could not be found."


class FlavorNotFoundByName(FlavorNotFound):
    msg_fmt = "Flavor with name %(flavor_name)s could not be found."


class FlavorExtraSpecsNotFound(NotFound):
    msg_fmt = ("Flavor %(flavor_id)s has no extra specs with key "
               "%(extra_specs_key)s.")


class FlavorAccessNotFound(NotFound):
    msg_fmt = ("Flavor access not found for %(flavor_id)s / "
               "%(project_id)s combination.")


class KeypairNotFound(NotFound):
    msg_fmt = "Keypair %(name)s not found for user %(user_id)s"


class MetadataItemNotFound(NotFound):
    msg_fmt = "Metadata item was not found"


class InstanceActionNotFound(NotFound):
    msg_fmt = ("Action for request_id %(request_id)s on instance "
               "%(instance_uuid)s not found")


class InstanceActionEventNotFound(NotFound):
    msg_fmt = "Event %(event)s not found for action id %(action_id)s"


class RequestSpecNotFound(NotFound):
    msg_fmt = "RequestSpec not found for instance %(instance_uuid)s"


class AllocationNotFound(NotFound):
    msg_fmt = "No allocations found for consumer %(consumer_id)s"


# --- 409 ------------------------------------------------------------------

class Conflict(NovaLiteException):
    msg_fmt = "Conflict."
    code = 409


class ServiceBinaryExists(Conflict):
    msg_fmt = ("Service with host %(host)s binary %(binary)s exists.")


class ServiceTopicExists(Conflict):
    msg_fmt = "Service with host %(host)s topic %(topic)s exists."


class ComputeNodeExists(Conflict):
    msg_fmt = ("Compute node %(host)s/%(hypervisor_hostname)s "
               "already exists.")


class InstanceExists(Conflict):
    msg_fmt = "Instance %(name)s already exists."


class FlavorExists(Conflict):
    msg_fmt = "Flavor with name %(name)s already exists."


class FlavorIdExists(Conflict):
    msg_fmt = "Flavor with ID %(flavor_id)s already exists."


class FlavorAccessExists(Conflict):
    msg_fmt = ("Flavor access already exists for flavor %(flavor_id)s "
               "and project %(project_id)s combination.")


class KeyPairExists(Conflict):
    msg_fmt = "Key pair '%(key_name)s' already exists."


class RequestSpecExists(Conflict):
    msg_fmt = "RequestSpec for instance %(instance_uuid)s already exists."


class UnexpectedTaskStateError(Conflict):
    msg_fmt = ("Unexpected task state: expecting %(expected)s but "
               "the actual state is %(actual)s")


class UnexpectedVMStateError(Conflict):
    msg_fmt = ("Unexpected vm state: expecting %(expected)s but "
               "the actual state is %(actual)s")


class InstanceInvalidState(Conflict):
    """An action the instance's vm_state or task_state does not allow."""

    msg_fmt = ("Cannot '%(method)s' instance %(instance_uuid)s while it is "
               "in %(attr)s %(state)s")


class InstanceIsLocked(Conflict):
    msg_fmt = "Instance %(instance_uuid)s is locked"


class InstanceNotReady(Conflict):
    msg_fmt = "Instance %(instance_id)s is not ready"


class ComputeRPCTooOld(Conflict):
    """An action the oldest compute of the deployment cannot carry out
    (``[upgrade_levels] compute`` caps the RPC version below it)."""

    msg_fmt = ("Cannot '%(method)s' until every compute is upgraded: it "
               "needs compute RPC %(version)s, the deployment is capped at "
               "%(cap)s")


class ConcurrentUpdateDetected(Conflict):
    msg_fmt = ("Another request changed %(what)s at the same time; "
               "please retry.")


# --- services, RPC and the database ----------------------------------------

class DBNotAllowed(NovaLiteException):
    msg_fmt = ("%(binary)s attempted direct database access, which is not "
               "allowed: only nova-lite-conductor and nova-lite-manage open "
               "the database. Every other service reaches the data through "
               "the conductor.")


class OrphanedObjectError(NovaLiteException):
    msg_fmt = 'Cannot call %(method)s on orphaned %(objtype)s object'


class ServiceTooOld(NovaLiteException):
    msg_fmt = ("This service is older (v%(thisver)i) than the minimum "
               "(v%(minver)i) version of the rest of the deployment. "
               "Unable to continue.")


class ComputeServiceUnavailable(NovaLiteException):
    msg_fmt = "Compute service of %(host)s is unavailable at this time."
    code = 503


class ConfigInvalid(Invalid):
    msg_fmt = "Invalid configuration: %(reason)s"


class InvalidUpgradeLevel(ConfigInvalid):
    msg_fmt = ("[upgrade_levels] %(binary)s = %(level)s is neither 'auto', "
               "a known release name nor an RPC version.")


class ConductorUnavailable(NovaLiteException):
    msg_fmt = ("No nova-lite-conductor answered within %(timeout)s seconds.")
    code = 503


# --- added with the database layer and objects ------------------------------

class MarkerNotFound(Invalid):
    msg_fmt = "Marker %(marker)s could not be found."


class InvalidSortKey(Invalid):
    msg_fmt = "Sort key %(sort_key)s is not supported."


class ResourceClaimFailed(Conflict):
    msg_fmt = ("Cannot claim %(requested)d %(resource_class)s on compute "
               "node %(node)s: only %(free)d left.")


# --- added with the boot path (scheduler, conductor, compute) ---------------

class NoValidHost(NovaLiteException):
    msg_fmt = "No valid host was found. %(reason)s"


class MaxRetriesExceeded(NoValidHost):
    msg_fmt = "Exceeded maximum number of retries. %(reason)s"


class RescheduledException(NovaLiteException):
    msg_fmt = ("Build of instance %(instance_uuid)s was re-scheduled: "
               "%(reason)s")


class InstanceDeployFailure(NovaLiteException):
    msg_fmt = "Failed to deploy instance: %(reason)s"


class BuildAbortException(NovaLiteException):
    msg_fmt = "Build of instance %(instance_uuid)s aborted: %(reason)s"


class InstanceActionInterrupted(NovaLiteException):
    """A compute restarted in the middle of an action it cannot resume."""
    msg_fmt = ("Instance %(instance_uuid)s was in task state %(task_state)s "
               "when its compute service restarted: %(reason)s")


# --- added with the REST API --------------------------------------------------

class NotAuthenticated(NovaLiteException):
    msg_fmt = "The request you have made requires authentication."
    code = 401


class Forbidden(NovaLiteException):
    msg_fmt = "Forbidden"
    code = 403


class PolicyNotAuthorized(Forbidden):
    msg_fmt = "Policy doesn't allow %(action)s to be performed."


class InvalidGlobalAPIVersion(NovaLiteException):
    msg_fmt = ("Version %(req_ver)s is not supported by the API. Minimum "
               "is %(min_ver)s and maximum is %(max_ver)s.")
    code = 406


class ValidationError(Invalid):
    msg_fmt = "%(detail)s"


class MalformedRequestBody(Invalid):
    msg_fmt = "Malformed request body"


class InvalidContentType(NovaLiteException):
    msg_fmt = "Unsupported Content-Type"
    code = 415


class RequestTooLarge(NovaLiteException):
    msg_fmt = ("Request is too large. Larger than max_request_body_size "
               "(%(limit)s).")
    code = 413


class ResponseValidationError(NovaLiteException):
    """A response body the API built does not match its route's schema
    (``[api] response_validation = error``): a bug of the API."""
    msg_fmt = "Response does not match its schema: %(detail)s"


class FlavorAccessPublic(Conflict):
    msg_fmt = "Can not add access to a public flavor."


class FlavorAccessListPublic(NotFound):
    msg_fmt = "Access list not available for public flavors."


# --- added with the boot path: images, quotas, fixed IPs ----------------------
# (Forbidden, the 403 family, is defined with the REST API above.)

class ImageNotFound(NotFound):
    msg_fmt = "Image %(image_id)s could not be found."


class ImageExists(Conflict):
    msg_fmt = "Image with identifier %(image_id)s already exists."


class ImageProtected(Forbidden):
    msg_fmt = "Image %(image_id)s is protected and cannot be deleted."


class OverQuota(Forbidden):
    """Raised with ``overs``, ``req``, ``used``, ``allowed`` (comma-joined
    strings, one item per resource over its limit, sorted by resource
    name) and, for callers that fit a smaller request, ``quotas``,
    ``usages`` and ``deltas`` (dicts by resource).
    """

    msg_fmt = ("Quota exceeded for %(overs)s: Requested %(req)s, but already "
               "used %(used)s of %(allowed)s %(overs)s")


class QuotaResourceUnknown(NotFound):
    msg_fmt = "Unknown quota resources %(unknown)s."


class NoMoreFixedIps(NovaLiteException):
    msg_fmt = "No fixed IP addresses available for network: %(net)s"


# --- added with the servers API (compute/api.py) ----------------------------

class InvalidRequest(Invalid):
    msg_fmt = "The request is invalid."


class ImageNotActive(Invalid):
    msg_fmt = "Image %(image_id)s is not active."


class FlavorMemoryTooSmall(Invalid):
    msg_fmt = "Flavor's memory is too small for requested image."


class FlavorDiskTooSmall(Invalid):
    msg_fmt = "The created instance's disk would be too small."


class FlavorDiskSmallerThanImage(FlavorDiskTooSmall):
    msg_fmt = ("Flavor's disk is too small for requested image. Flavor disk "
               "is %(flavor_size)i bytes, image is %(image_size)i bytes.")


class FlavorDiskSmallerThanMinDisk(FlavorDiskTooSmall):
    msg_fmt = ("Flavor's disk is smaller than the minimum size specified in "
               "image metadata. Flavor disk is %(flavor_size)i bytes, "
               "minimum size is %(image_min_disk)i bytes.")


class InvalidBDMFormat(Invalid):
    msg_fmt = "Block Device Mapping is Invalid: %(details)s"


class VolumeTypeNotFound(NotFound):
    # There is no block storage service: no volume type ever exists. The
    # API answers it as a 400 (as Nova for a boot naming an unknown type).
    msg_fmt = "Volume type %(id_or_name)s could not be found."


class CertificateValidationNotSupported(Invalid):
    msg_fmt = ("Image certificate validation is not supported: no compute "
               "host of this cloud verifies image signatures, so "
               "trusted_image_certificates cannot be honoured.")


class NetworkNotFound(NotFound):
    msg_fmt = "Network %(network_id)s could not be found."


class FixedIpInvalid(Invalid):
    msg_fmt = "Fixed IP address %(address)s is invalid."


class InvalidFixedIpAndMaxCountRequest(Invalid):
    msg_fmt = "Failed to launch instances: %(reason)s"


class MetadataLimitExceeded(Forbidden):
    msg_fmt = "Maximum number of metadata items exceeds %(allowed)d"


# --- added with the admin APIs (keypairs, services, hypervisors) -----------

class InvalidKeypair(Invalid):
    msg_fmt = "Keypair data is invalid: %(reason)s"


class KeypairLimitExceeded(Forbidden):
    msg_fmt = "Quota exceeded, too many key pairs."


class ComputeHostHasInstances(Conflict):
    msg_fmt = ("Unable to delete compute service that is hosting instances. "
               "Migrate or delete the instances first.")


class HypervisorNotFound(NotFound):
    msg_fmt = "Hypervisor with ID '%(hypervisor_id)s' could not be found."


class HypervisorPatternNotFound(NotFound):
    msg_fmt = "No hypervisor matching '%(pattern)s' could be found."


class HypervisorUptimeNotImplemented(NovaLiteException):
    msg_fmt = "Virt driver does not implement uptime function."
    code = 501


# --- added with server groups and quota sets --------------------------------

class InstanceGroupNotFound(NotFound):
    msg_fmt = "Instance group %(group_uuid)s could not be found."


class InstanceGroupIdExists(Conflict):
    msg_fmt = "Instance group %(group_uuid)s already exists."


class GroupAffinityViolation(Conflict):
    """A claim would break a hard (anti-)affinity policy: try another host."""
    msg_fmt = "%(policy)s instance group policy was violated"


class ServerGroupLimitExceeded(Forbidden):
    msg_fmt = "Quota exceeded, too many server groups."


class ServerGroupMembersLimitExceeded(Forbidden):
    msg_fmt = "Quota exceeded, too many servers in group"


class QuotaLimitBelowUsage(Invalid):
    msg_fmt = ("Quota limit %(limit)s for %(resource)s must be greater than "
               "or equal to already used and reserved %(minimum)s.")


# --- added with resize (migrations) -------------------------------------------

class MigrationNotFound(NotFound):
    msg_fmt = "Migration %(migration_id)s could not be found."


class MigrationNotFoundByStatus(MigrationNotFound):
    msg_fmt = ("Migration not found for instance %(instance_id)s "
               "with status %(status)s.")


class MigrationNotFoundForInstance(MigrationNotFound):
    msg_fmt = ("Migration %(migration_id)s not found for instance "
               "%(instance_id)s")


class UnexpectedMigrationStatusError(Conflict):
    msg_fmt = ("Unexpected migration status: expecting %(expected)s but "
               "the actual status is %(actual)s")


class CannotResizeToSameFlavor(Invalid):
    msg_fmt = "When resizing, instances must change flavor!"


class CannotResizeDisk(Invalid):
    msg_fmt = "Server disk was unable to be resized because: %(reason)s"


class ResizeError(NovaLiteException):
    msg_fmt = "Resize error: %(reason)s"
