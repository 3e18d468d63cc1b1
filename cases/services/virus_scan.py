"""病毒扫描：上传的附件经 clamd 检查（设置了 CLAMD_SOCKET 时）。

The file is streamed to clamd over its unix socket with the INSTREAM command
(clamav-client, a maintained client of the clamd protocol). It fails closed:
a file clamd finds infected is refused with the signature's name, and when
clamd cannot be reached or answers with an error the upload is refused too,
since an unscanned file is what the scan exists to keep out. Without
CLAMD_SOCKET nothing is scanned, and the attachment says so (docs/security.md).
"""

import logging

from clamav_client.clamd import ClamdError, ClamdUnixSocket
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import CaseError

logger = logging.getLogger(__name__)


def scan_upload(upload) -> str:
    """What the scan found, for the attachment's record; a CaseError when the
    file is infected (422) or clamd could not scan it (503)."""
    path = getattr(settings, "CLAMD_SOCKET", "")
    if not path:
        return _("未扫描（未配置病毒扫描服务）")
    upload.seek(0)
    try:
        client = ClamdUnixSocket(path=path, timeout=settings.CLAMD_TIMEOUT)
        result = client.instream(upload)
    except (ClamdError, OSError) as error:
        logger.warning("clamd at %s could not scan an upload: %s", path, error)
        raise CaseError(
            _("病毒扫描服务暂不可用，文件未保存，请稍后重试或联系管理员。"),
            field="file",
            status=503,
        ) from error
    finally:
        upload.seek(0)
    status, signature = next(iter(result.values()), ("ERROR", None))
    if status == "FOUND":
        raise CaseError(
            _("文件含有病毒（%(name)s），已拒收，请勿上传。")
            % {"name": (signature or "")[:100]},
            field="file",
            status=422,
        )
    if status != "OK":
        raise CaseError(
            _("病毒扫描未能完成，文件未保存，请稍后重试或联系管理员。"),
            field="file",
            status=503,
        )
    return _("病毒扫描未发现病毒")
