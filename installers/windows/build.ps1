# Build Zhangfang for Windows: the PyInstaller bundle, then the Inno Setup installer
# (build\windows\Zhangfang-VERSION-setup.exe). Needs Python 3.11 (x64) and Inno Setup 6
# (iscc.exe on PATH, or in its default folder). Not run on the project's Linux machines:
# the release workflow (.github/workflows/release.yml) runs it on a Windows runner.
# Usage (from the repository root):  powershell -File installers\windows\build.ps1
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root
$Out = "$Root\build\windows"
$Venv = "$Out\venv"
$Lock = "$Root\requirements\lock-windows.txt"
if (-not (Test-Path $Lock)) {
  # the Windows lock is made on Windows (pip-compile resolves for the machine it runs on)
  python -m pip install "pip-tools>=7.4"
  python -m piptools compile --strip-extras --allow-unsafe --extra gui --extra server `
    --extra dev --extra bundle -o $Lock pyproject.toml
}
if (-not (Test-Path "$Venv\Scripts\python.exe")) { python -m venv $Venv }
& "$Venv\Scripts\python.exe" -m pip install -q --upgrade pip
& "$Venv\Scripts\python.exe" -m pip install -q -r $Lock
$Version = & "$Venv\Scripts\python.exe" -c "import desktop; print(desktop.__version__)"
& "$Venv\Scripts\python.exe" -m PyInstaller --noconfirm --log-level WARN `
  --distpath "$Out\dist" --workpath "$Out\work" installers\zhangfang.spec
& "$Out\dist\zhangfang\zhangfang-cli.exe" --version
$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" "/DBundleDir=$Out\dist\zhangfang" installers\windows\zhangfang.iss
Get-ChildItem "$Out\*.exe"
