# Build Evidence Workbench for Windows: a one-folder app (workbench.exe for the GUI,
# workbench-cli.exe for the headless commands) and, when Inno Setup is installed, an installer.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Not run by the project's own CI (no Windows machine there): see packaging/README.md.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root

py -3.11 -m venv .venv
.\.venv\Scripts\python -m pip install --upgrade pip
.\.venv\Scripts\python -m pip install -e ".[bundle]"

$env:QT_QPA_PLATFORM = "offscreen"
.\.venv\Scripts\python packaging\make_icons.py build\icons
.\.venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller `
    packaging\pyinstaller\workbench.spec

# The same smoke test as on Linux, from the app's own folder.
$App = "dist\evidence-workbench"
& "$App\workbench-cli.exe" demo --out "$env:TEMP\demo.wbproj"
& "$App\workbench-cli.exe" check "$env:TEMP\demo.wbproj"
if ($LASTEXITCODE -ne 0) { throw "smoke test failed" }

$Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (Test-Path $Iscc) {
    $Version = .\.venv\Scripts\python -c "import workbench; print(workbench.__version__)"
    & $Iscc "/DAppVersion=$Version" packaging\windows\installer.iss
} else {
    Write-Host "Inno Setup 6 not found: the folder $App is the app; no installer made."
}
