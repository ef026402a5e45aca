"""schemathesis hook: authenticates every request to the coordinator as the caller of its tag would.
The miner routes (tag `Miners`) get a provisioned miner's key and id (MINERKIT_TEST_MINER_KEY,
MINERKIT_TEST_MINER_ID) in X-Api-Key and X-Miner-ID, and the marketplace routes that name the miner in
their path (`/v1/miners/{id}`...) name that miner, so they are tested past "acting as another miner";
every other route with security gets the client key (MINERKIT_TEST_CLIENT_KEY) in X-Api-Key."""
import os

import schemathesis

MINER_ID = os.environ.get("MINERKIT_TEST_MINER_ID", "")
CLIENT = {"X-Api-Key": os.environ.get("MINERKIT_TEST_CLIENT_KEY", "")}
MINER = {"X-Api-Key": os.environ.get("MINERKIT_TEST_MINER_KEY", ""), "X-Miner-ID": MINER_ID}
# In the deployed-miner result and fail routes `{id}` is a job id.
JOB_IN_MINERS_PATH = ("/v1/miners/{id}/result", "/v1/miners/{id}/fail")


@schemathesis.auth(refresh_interval=None)
class CoordinatorKeys:
    def get(self, case, context):
        return "keys"

    def set(self, case, data, context):
        if not case.operation.definition.raw.get("security"):
            return
        case.headers = case.headers or {}
        if "Miners" not in (case.operation.tags or []):
            case.headers.update(CLIENT)
            return
        case.headers.update(MINER)
        if case.path.startswith("/v1/miners/{id}") and case.path not in JOB_IN_MINERS_PATH:
            case.path_parameters = dict(case.path_parameters or {}, id=MINER_ID)
