import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples")
GENERATORS = os.path.join(ROOT, "test", "Compile")


def pytest_addoption(parser):
    parser.addoption("--masq", default=os.environ.get("MASQ_BIN", ""),
                     help="the masq executable (for the CLI comparisons)")


@pytest.fixture(scope="session")
def masq_bin(request):
    path = request.config.getoption("--masq")
    if not path or not os.path.exists(path):
        pytest.skip("no masq executable given (--masq or MASQ_BIN)")
    return path


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory):
    # The tests' compiled models go to a cache of their own.
    cache = tmp_path_factory.mktemp("cache")
    os.chmod(cache, 0o700)  # the cache is used only from a private directory
    os.environ["MASQ_CACHE_DIR"] = str(cache)


def generator(name):
    return [sys.executable, os.path.join(GENERATORS, name)]
