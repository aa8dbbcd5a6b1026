"""The selection batch protocol: how a door (the Nameko gateway or the selection edge) hands the lottery
the selection commands that reached it together, in one call, and gets one answer per command back.

- A command is `{"rpc": name, "ctx": command context, "kwargs": {"round_id": ..., "body"?: ...}}`
  (`command`), naming one of the RPCs in `BATCHABLE`.
- The call is the lottery's `selection_batch` RPC (`SERVICE`, `RPC`) with `commands=[...]`.
- The reply holds one answer per command, in order: `{"result": value}` or
  `{"error": {"code", "message", "details"}, "kind": the error's class name}` (`answer`).
- At the door each caller gets its answer's result, or its error raised again as its own class
  (`outcome`); a call that failed, or a reply that is not one answer per command, fails every command
  of the batch (`answers`, `failed`).

Every command is still validated, authorised, deduplicated and answered by the lottery as if it had come
alone. This module imports nothing of the lottery's domain, application or adapters.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from shared.errors import ALL_ERRORS, DomainError, InvalidInput, Unavailable

log = logging.getLogger(__name__)
SERVICE, RPC = "lottery", "selection_batch"
BATCHABLE = frozenset({"preselect", "enter_selection", "sync_preselection", "change_cart", "confirm_room",
                       "give_up", "apply_supplementary"})
Answer = dict[str, Any]
_BY_NAME = {cls.__name__: cls for cls in ALL_ERRORS}


# At the door -------------------------------------------------------------------------------------

def command(rpc: str, ctx: dict[str, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """One selection command, as it travels in a batch."""
    return {"rpc": rpc, "ctx": ctx, "kwargs": kwargs}


def answers(reply: Any, size: int) -> list[Answer]:
    """The answers of a batch of `size` commands from the lottery's reply: one per command, or, if the
    reply is not that, the same retryable failure for each."""
    if not isinstance(reply, list) or len(reply) != size:
        return failed(ValueError(f"{len(reply) if isinstance(reply, list) else 'no'} answers for {size} commands"),
                      size)
    return reply


def failed(exc: BaseException, size: int) -> list[Answer]:
    """The answer of every command of a batch whose call failed: its DomainError (a timeout, an outage),
    or else a retryable `upstream_failed`, logged."""
    if isinstance(exc, DomainError):
        error = exc
    else:
        log.error("a selection batch failed", exc_info=exc)
        error = Unavailable("selection could not be reached; try again", code="upstream_failed")
    return [as_answer(error)] * size


def outcome(answer: Answer) -> Any:
    """The result of one answer, or its error raised again as the class it was."""
    if "error" not in answer:
        return answer["result"]
    error, kind = answer["error"], _BY_NAME.get(answer.get("kind", ""), DomainError)
    raise kind(error["message"], error["code"], error.get("details"))


# At the lottery ---------------------------------------------------------------------------------

def commands_of(commands: Any) -> list[Any]:
    """The batch's commands; each is checked on its own (`decoded`), so one bad command spoils only its answer."""
    if not isinstance(commands, list):
        raise InvalidInput("commands is a list", code="invalid_batch")
    return commands


def rpc_of(command: Any) -> Any:
    """The RPC a command names (None for what is not a command), to route it before it is checked."""
    return command.get("rpc") if isinstance(command, dict) else None


def decoded(command: Any) -> tuple[str, Any, dict[str, Any]]:
    """A command's RPC, context and keyword arguments, or InvalidInput if it is not a selection command."""
    kwargs = command.get("kwargs") if isinstance(command, dict) else None
    if (not isinstance(kwargs, dict) or command.get("rpc") not in BATCHABLE or set(kwargs) - {"body", "round_id"}
            or not isinstance(kwargs.get("round_id"), str)):
        raise InvalidInput("not a selection command", code="invalid_batch_command")
    return command["rpc"], command.get("ctx"), kwargs


def answer(result: Any = None, error: DomainError | None = None) -> Answer:
    """A command's answer: its result, or its error if it has one."""
    return as_answer(error) if error is not None else {"result": result}


def as_answer(error: DomainError) -> Answer:
    """An error as one answer among many (a batch's answers travel as data, not as a raised error)."""
    return {"error": error.as_dict(), "kind": type(error).__name__}


def answered(decide: Callable[[], Any]) -> Any:
    """What `decide` returns, or its refusal as an answer; an unexpected failure is a retryable answer."""
    try:
        return decide()
    except DomainError as exc:
        return as_answer(exc)
    except Exception:
        log.exception("a batched selection command failed")
        return as_answer(Unavailable("your command could not be decided; try again with the same key",
                                     code="command_failed"))
