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
